import { z } from 'zod';
import { CursorSchema, LimitSchema, QueryBooleanSchema } from './pagination.js';
import { queryInt, queryNumber } from './query.js';

/** An amount of money in minor units (cents) of the store currency. */
export const CentsSchema = z.number().int({ message: 'must be a whole number of cents' }).min(0).max(100_000_000);

export const SlugSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'must be lower-case letters, digits and single hyphens' });

const IdParam = z.uuid({ message: 'must be a UUID' });

// ---------- categories ----------

export const CategorySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  imageUrl: z.string().nullable(),
  parentId: z.uuid().nullable(),
  position: z.number().int(),
  productCount: z.number().int().describe('Active products in this category (not its children)'),
});
export type Category = z.infer<typeof CategorySchema>;

export type CategoryNode = Category & { children: CategoryNode[] };
export const CategoryNodeSchema: z.ZodType<CategoryNode> = CategorySchema.extend({
  get children() {
    return z.array(CategoryNodeSchema);
  },
});

export const CategoryListQuerySchema = z.strictObject({
  format: z
    .enum(['flat', 'tree'])
    .default('flat')
    .describe('`tree`: a page of top-level categories, each with every category under it as `children`'),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type CategoryListQuery = z.infer<typeof CategoryListQuerySchema>;
export const CategoryListSchema = z.object({
  items: z.array(CategoryNodeSchema.or(CategorySchema)),
  nextCursor: z.string().nullable(),
});
export const CategoryResponseSchema = z.object({ category: CategorySchema });

export const CreateCategorySchema = z.strictObject({
  name: z.string().trim().min(1, { message: 'is required' }).max(120),
  slug: SlugSchema.optional(),
  description: z.string().max(5000).default(''),
  imageUrl: z.url().max(2000).nullable().optional(),
  parentId: z.uuid().nullable().optional(),
  position: z.number().int().min(0).max(100_000).default(0),
});
export type CreateCategoryInput = z.infer<typeof CreateCategorySchema>;

export const UpdateCategorySchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  slug: SlugSchema.optional(),
  description: z.string().max(5000).optional(),
  imageUrl: z.url().max(2000).nullable().optional(),
  parentId: z.uuid().nullable().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});
export type UpdateCategoryInput = z.infer<typeof UpdateCategorySchema>;

export const CategoryIdOrSlugParamsSchema = z.strictObject({ idOrSlug: z.string().min(1).max(120) });
/**
 * Writes name a category by id only, under the same path template as reads (`{idOrSlug}`), so
 * the resource has one template.
 */
export const CategoryIdParamsSchema = z.strictObject({
  idOrSlug: z.uuid({ message: 'must be the category id (a UUID); only reads take a slug' }),
});

// ---------- products ----------

export const ProductImageSchema = z.object({
  id: z.uuid(),
  url: z.string().describe('Large variant'),
  thumbnailUrl: z.string(),
  alt: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  position: z.number().int(),
  variants: z.object({
    thumbnail: z.string(),
    medium: z.string(),
    large: z.string(),
    thumbnailWebp: z.string(),
    mediumWebp: z.string(),
    largeWebp: z.string(),
  }),
});
export type ProductImage = z.infer<typeof ProductImageSchema>;

export const ProductCategoryRefSchema = z.object({ id: z.uuid(), name: z.string(), slug: z.string() });

export const ProductSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  priceCents: z.number().int(),
  compareAtPriceCents: z.number().int().nullable(),
  costPerItemCents: z.number().int().nullable().optional().describe('Admins only'),
  sku: z.string(),
  stockQuantity: z.number().int(),
  isActive: z.boolean(),
  isFeatured: z.boolean(),
  category: ProductCategoryRefSchema.nullable(),
  images: z.array(ProductImageSchema),
  ratingAverage: z.number().nullable(),
  ratingCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof ProductSchema>;

export const ProductResponseSchema = z.object({ product: ProductSchema });

const productFields = {
  name: z.string().trim().min(1, { message: 'is required' }).max(200),
  slug: SlugSchema,
  description: z.string().max(20_000),
  priceCents: CentsSchema,
  compareAtPriceCents: CentsSchema.nullable(),
  costPerItemCents: CentsSchema.nullable(),
  sku: z
    .string()
    .trim()
    .min(1, { message: 'is required' })
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'may hold letters, digits, dots, hyphens and underscores' }),
  stockQuantity: z.number().int({ message: 'must be a whole number' }).min(0, { message: 'cannot be negative' }).max(1_000_000),
  isActive: z.boolean(),
  isFeatured: z.boolean(),
  categoryId: z.uuid().nullable(),
};

export const CreateProductSchema = z
  .strictObject({
    ...productFields,
    slug: productFields.slug.optional(),
    description: productFields.description.default(''),
    compareAtPriceCents: productFields.compareAtPriceCents.optional(),
    costPerItemCents: productFields.costPerItemCents.optional(),
    stockQuantity: productFields.stockQuantity.default(0),
    isActive: productFields.isActive.default(true),
    isFeatured: productFields.isFeatured.default(false),
    categoryId: productFields.categoryId.optional(),
  })
  .refine((p) => p.compareAtPriceCents == null || p.compareAtPriceCents > p.priceCents, {
    path: ['compareAtPriceCents'],
    message: 'must be more than the price',
  });
export type CreateProductInput = z.infer<typeof CreateProductSchema>;

export const UpdateProductSchema = z.strictObject({
  name: productFields.name.optional(),
  slug: productFields.slug.optional(),
  description: productFields.description.optional(),
  priceCents: productFields.priceCents.optional(),
  compareAtPriceCents: productFields.compareAtPriceCents.optional(),
  costPerItemCents: productFields.costPerItemCents.optional(),
  sku: productFields.sku.optional(),
  stockQuantity: productFields.stockQuantity
    .optional()
    .describe('Sets the stock; needs expectedStockQuantity (a sale since the value was read is never overwritten)'),
  /** The stock the edit was based on: `stockQuantity` is set only if the stock is still this, else 409 STOCK_CHANGED. */
  expectedStockQuantity: productFields.stockQuantity.optional().describe('Required with stockQuantity: the stock as last read'),
  /** Adds to (or, negative, takes from) the stock as it is now; 409 STOCK_CHANGED if it would go below 0. */
  stockAdjustment: z
    .number()
    .int({ message: 'must be a whole number' })
    .min(-1_000_000)
    .max(1_000_000)
    .optional()
    .describe('Adds to (negative: takes from) the current stock; not with stockQuantity'),
  isActive: productFields.isActive.optional(),
  isFeatured: productFields.isFeatured.optional(),
  categoryId: productFields.categoryId.optional(),
});
export type UpdateProductInput = z.infer<typeof UpdateProductSchema>;

export const ProductSortSchema = z.enum(['relevance', 'newest', 'price_asc', 'price_desc', 'rating', 'name']);
export type ProductSort = z.infer<typeof ProductSortSchema>;

const queryCents = queryInt(0, 100_000_000);

export const ProductListQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  category: SlugSchema.optional().describe('Category slug; includes its sub-categories'),
  minPriceCents: queryCents.optional(),
  maxPriceCents: queryCents.optional(),
  inStock: QueryBooleanSchema.optional(),
  featured: QueryBooleanSchema.optional(),
  minRating: queryNumber(0, 5).optional(),
  isActive: QueryBooleanSchema.optional().describe('Admins only; others always see active products'),
  sort: ProductSortSchema.optional().describe('Default: relevance with q, else newest'),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type ProductListQuery = z.infer<typeof ProductListQuerySchema>;

export const ProductListSchema = z.object({ items: z.array(ProductSchema), nextCursor: z.string().nullable() });
export type ProductList = z.infer<typeof ProductListSchema>;

export const ProductIdParamsSchema = z.strictObject({ id: IdParam });
export const ProductSlugParamsSchema = z.strictObject({ slug: z.string().min(1).max(120) });
export const ProductImageParamsSchema = z.strictObject({ id: IdParam, imageId: IdParam });

/** The multipart form of an image upload (read by the handler, documented for clients). */
export const ImageUploadFormSchema = z.strictObject({
  file: z
    .file()
    .max(10 * 1024 * 1024)
    .describe('JPEG, PNG, WebP, AVIF or GIF, at most 10 MB'),
  alt: z.string().max(300).optional().describe('Alternative text'),
});

/** At least one of the two: an empty change is a 422, not a silent no-op. */
export const UpdateProductImageSchema = z
  .strictObject({
    alt: z.string().max(300).optional(),
    position: z.number().int().min(0).max(1000).optional(),
  })
  .refine((p) => p.alt !== undefined || p.position !== undefined, { message: 'send alt, position or both' })
  .meta({ minProperties: 1 });
export const ProductImageResponseSchema = z.object({ image: ProductImageSchema });

// ---------- reviews ----------

export const ReviewSchema = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  rating: z.number().int(),
  title: z.string(),
  body: z.string(),
  verifiedPurchase: z.boolean(),
  author: z.object({ id: z.uuid(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Review = z.infer<typeof ReviewSchema>;

const rating = z.number().int({ message: 'must be a whole number from 1 to 5' }).min(1).max(5);

export const CreateReviewSchema = z.strictObject({
  rating,
  title: z.string().trim().min(1, { message: 'is required' }).max(120),
  body: z.string().trim().max(5000).default(''),
});
export type CreateReviewInput = z.infer<typeof CreateReviewSchema>;

export const UpdateReviewSchema = z.strictObject({
  rating: rating.optional(),
  title: z.string().trim().min(1).max(120).optional(),
  body: z.string().trim().max(5000).optional(),
});
export type UpdateReviewInput = z.infer<typeof UpdateReviewSchema>;

export const ReviewListQuerySchema = z.strictObject({
  sort: z.enum(['newest', 'highest', 'lowest']).default('newest'),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type ReviewListQuery = z.infer<typeof ReviewListQuerySchema>;

export const ReviewListSchema = z.object({ items: z.array(ReviewSchema), nextCursor: z.string().nullable() });

/** Admin moderation list: every product's reviews, filtered. */
export const AdminReviewListQuerySchema = ReviewListQuerySchema.extend({
  productId: z.uuid({ message: 'must be a UUID' }).optional(),
  userId: z.uuid({ message: 'must be a UUID' }).optional(),
  rating: queryInt(1, 5).optional(),
});
export type AdminReviewListQuery = z.infer<typeof AdminReviewListQuerySchema>;
export const AdminReviewSchema = ReviewSchema.extend({
  product: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
  authorEmail: z.string(),
});
export type AdminReview = z.infer<typeof AdminReviewSchema>;
export const AdminReviewListSchema = z.object({ items: z.array(AdminReviewSchema), nextCursor: z.string().nullable() });
export const ReviewResponseSchema = z.object({ review: ReviewSchema });
export const ReviewIdParamsSchema = z.strictObject({ id: IdParam });

// ---------- store ----------

export const StoreSchema = z.object({
  name: z.string(),
  currency: z.string(),
  timezone: z.string(),
  lowStockThreshold: z.number().int(),
});
export type Store = z.infer<typeof StoreSchema>;
