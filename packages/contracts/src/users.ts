import { z } from 'zod';
import { CursorSchema, countedPageOf, LimitSchema, QueryBooleanSchema } from './pagination.js';

export const RoleSchema = z.enum(['customer', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

/** E-mail addresses are compared and stored trimmed and lower-cased. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be a valid e-mail address' }).max(254));

/** Length rules only; the server also refuses the 10,000 most common passwords. */
export const PasswordSchema = z
  .string()
  .min(8, { message: 'must be at least 8 characters' })
  .max(128, { message: 'must be at most 128 characters' });

export const FullNameSchema = z.string().trim().min(1, { message: 'is required' }).max(120, { message: 'must be at most 120 characters' });

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  fullName: z.string(),
  role: RoleSchema,
  isActive: z.boolean(),
  isVerified: z.boolean(),
  createdAt: z.string().describe('ISO-8601 UTC'),
});
export type User = z.infer<typeof UserSchema>;

export const UserResponseSchema = z.object({ user: UserSchema });

export const UpdateProfileSchema = z.strictObject({
  fullName: FullNameSchema.optional(),
});
export type UpdateProfileInput = z.infer<typeof UpdateProfileSchema>;

export const AdminCreateUserSchema = z.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  fullName: FullNameSchema,
  role: RoleSchema.default('customer'),
  isVerified: z.boolean().default(false),
});
export type AdminCreateUserInput = z.infer<typeof AdminCreateUserSchema>;

export const AdminUpdateUserSchema = z.strictObject({
  fullName: FullNameSchema.optional(),
  role: RoleSchema.optional(),
  isActive: z.boolean().optional(),
});
export type AdminUpdateUserInput = z.infer<typeof AdminUpdateUserSchema>;

export const UserFilterSchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  role: RoleSchema.optional(),
  isActive: QueryBooleanSchema.optional(),
  isVerified: QueryBooleanSchema.optional(),
});
export type UserFilter = z.infer<typeof UserFilterSchema>;

export const UserListQuerySchema = UserFilterSchema.extend({
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type UserListQuery = z.infer<typeof UserListQuerySchema>;

export const UserListSchema = countedPageOf(UserSchema);

export const UserIdParamsSchema = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });

export const UserStatisticsSchema = z.object({
  total: z.number().int(),
  byRole: z.object({ customer: z.number().int(), admin: z.number().int() }),
  active: z.number().int(),
  inactive: z.number().int(),
  verified: z.number().int(),
  unverified: z.number().int(),
  signupsPerDay: z.array(z.object({ date: z.string(), count: z.number().int() })),
});
export type UserStatistics = z.infer<typeof UserStatisticsSchema>;
