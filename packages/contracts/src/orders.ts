import { z } from 'zod';
import { ProductSchema } from './catalog.js';
import { OrderStatusSchema } from './order-status.js';
import { CursorSchema, LimitSchema } from './pagination.js';
import { IsoDateSchema } from './query.js';

// ---------- cart ----------

export const CartQuantitySchema = z
  .number({ message: 'must be a whole number from 1 to 999' })
  .int({ message: 'must be a whole number from 1 to 999' })
  .min(1, { message: 'must be at least 1' })
  .max(999, { message: 'must be at most 999' });

export const CartLineIssueSchema = z.enum(['inactive', 'sold_out', 'short', 'price_changed']);
export type CartLineIssue = z.infer<typeof CartLineIssueSchema>;

export const CartLineSchema = z.object({
  product: ProductSchema,
  quantity: z.number().int(),
  unitPriceCents: z.number().int().describe('The current price'),
  lineTotalCents: z.number().int(),
  addedPriceCents: z.number().int().describe('The price when the line was added'),
  availableQuantity: z.number().int(),
  issues: z.array(CartLineIssueSchema).describe('What changed since the line was added; empty when it can be bought as is'),
});
export type CartLine = z.infer<typeof CartLineSchema>;

export const CartSchema = z.object({
  items: z.array(CartLineSchema),
  subtotalCents: z.number().int(),
  itemCount: z.number().int(),
  currency: z.string(),
});
export type Cart = z.infer<typeof CartSchema>;

export const AddCartItemSchema = z.strictObject({ productId: z.uuid({ message: 'must be a UUID' }), quantity: CartQuantitySchema });
export type AddCartItemInput = z.infer<typeof AddCartItemSchema>;
export const UpdateCartItemSchema = z.strictObject({ quantity: CartQuantitySchema });
export const CartProductParamsSchema = z.strictObject({ productId: z.uuid({ message: 'must be a UUID' }) });

// ---------- orders ----------

export const ShippingAddressSchema = z.strictObject({
  fullName: z.string().trim().min(1, { message: 'is required' }).max(120),
  line1: z.string().trim().min(1, { message: 'is required' }).max(200),
  line2: z.string().trim().max(200).optional().default(''),
  city: z.string().trim().min(1, { message: 'is required' }).max(120),
  postalCode: z.string().trim().min(1, { message: 'is required' }).max(20),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, { message: 'must be a two-letter ISO country code' }),
  phone: z
    .string()
    .trim()
    .max(30)
    .regex(/^[+0-9 ()-]*$/, { message: 'may hold digits, spaces, +, (, ) and -' })
    .optional()
    .default(''),
});
export type ShippingAddress = z.infer<typeof ShippingAddressSchema>;

export const CheckoutSchema = z.strictObject({
  shippingAddress: ShippingAddressSchema,
  note: z.string().trim().max(1000).optional().default(''),
});
export type CheckoutInput = z.infer<typeof CheckoutSchema>;

export const OrderItemSchema = z.object({
  productId: z.uuid(),
  name: z.string(),
  sku: z.string(),
  unitPriceCents: z.number().int(),
  quantity: z.number().int(),
  lineTotalCents: z.number().int(),
});

export const OrderStatusChangeSchema = z.object({
  from: OrderStatusSchema.nullable(),
  to: OrderStatusSchema,
  actorId: z.uuid().nullable(),
  at: z.string(),
});

export const OrderSchema = z.object({
  id: z.uuid(),
  orderNumber: z.string(),
  status: OrderStatusSchema,
  items: z.array(OrderItemSchema),
  subtotalCents: z.number().int(),
  totalCents: z.number().int(),
  currency: z.string(),
  shippingAddress: z.object({
    fullName: z.string(),
    line1: z.string(),
    line2: z.string(),
    city: z.string(),
    postalCode: z.string(),
    country: z.string(),
    phone: z.string(),
  }),
  note: z.string(),
  userId: z.uuid(),
  statusHistory: z.array(OrderStatusChangeSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Order = z.infer<typeof OrderSchema>;
export const OrderResponseSchema = z.object({ order: OrderSchema });

export const OrderFilterSchema = z.strictObject({
  status: OrderStatusSchema.optional(),
  userId: z.uuid().optional().describe('Admins only'),
  from: IsoDateSchema.optional().describe('First day included (store time zone), 2000-01-01 to 9999-12-31'),
  to: IsoDateSchema.optional().describe('Last day included (store time zone), 2000-01-01 to 9999-12-31'),
});
export type OrderFilter = z.infer<typeof OrderFilterSchema>;

export const OrderListQuerySchema = OrderFilterSchema.extend({ limit: LimitSchema, cursor: CursorSchema.optional() });
export type OrderListQuery = z.infer<typeof OrderListQuerySchema>;
export const OrderListSchema = z.object({
  items: z.array(OrderSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().optional(),
});

export const OrderIdParamsSchema = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });
export const ChangeOrderStatusSchema = z.strictObject({ status: OrderStatusSchema });

export const OutOfStockItemSchema = z.object({
  productId: z.uuid(),
  name: z.string(),
  requested: z.number().int(),
  available: z.number().int(),
});
