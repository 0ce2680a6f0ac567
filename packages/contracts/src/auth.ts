import { z } from 'zod';
import { EmailSchema, FullNameSchema, PasswordSchema, UserSchema } from './users.js';

export const RegisterSchema = z.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  fullName: FullNameSchema,
});
export type RegisterInput = z.infer<typeof RegisterSchema>;

export const LoginSchema = z.strictObject({
  email: EmailSchema,
  password: z.string().min(1, { message: 'is required' }).max(128),
});
export type LoginInput = z.infer<typeof LoginSchema>;

/** OAuth2 password flow (form-encoded): `username` carries the e-mail address. */
export const OAuth2PasswordFormSchema = z.strictObject({
  username: EmailSchema,
  password: z.string().min(1, { message: 'is required' }).max(128),
  grant_type: z.literal('password').optional(),
  scope: z.string().max(500).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
});

export const TokenSchema = z.strictObject({
  token: z.string().min(1, { message: 'is required' }).max(200),
});
export type TokenInput = z.infer<typeof TokenSchema>;

export const EmailOnlySchema = z.strictObject({ email: EmailSchema });

export const RefreshSchema = z.strictObject({
  refreshToken: z.string().min(1).max(200).optional(),
});

export const ResetPasswordSchema = z.strictObject({
  token: z.string().min(1, { message: 'is required' }).max(200),
  password: PasswordSchema,
});
export type ResetPasswordInput = z.infer<typeof ResetPasswordSchema>;

export const ChangePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, { message: 'is required' }).max(128),
  newPassword: PasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>;

export const TokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('bearer'),
  expiresIn: z.number().int().describe('Access-token lifetime in seconds'),
  user: UserSchema,
});
export type TokenPair = z.infer<typeof TokenPairSchema>;

export const AcceptedSchema = z.object({ detail: z.string() });
