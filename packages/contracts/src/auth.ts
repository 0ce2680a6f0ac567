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

/** Sent by non-browser clients only (see RefreshTokenDeliveryHeadersSchema); browsers send the cookie and no body. */
export const RefreshSchema = z.strictObject({
  // Long enough for anything a confused client might send (an access token is ~400 characters): a wrong token is a 401, not a 422.
  refreshToken: z.string().min(1).max(4096).optional(),
});

/**
 * Non-browser clients, which keep no cookies, opt in to receiving the refresh token in the
 * JSON body of login and refresh (and to sending it in the body of refresh). Not a CORS-allowed
 * header: a page on another origin cannot opt in for the shopper's browser.
 */
export const RefreshTokenDeliveryHeadersSchema = z.object({
  'x-refresh-token-delivery': z
    .enum(['body', 'cookie'])
    .optional()
    .describe(
      '`body`: also answer (and, for refresh, accept) the refresh token in the JSON body. Default `cookie`: only the HttpOnly cookie.',
    ),
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
  refreshToken: z
    .string()
    .optional()
    .describe('Only with `X-Refresh-Token-Delivery: body`; otherwise the refresh token travels only in the HttpOnly cookie'),
  tokenType: z.literal('bearer'),
  expiresIn: z.number().int().describe('Access-token lifetime in seconds'),
  user: UserSchema,
});
export type TokenPair = z.infer<typeof TokenPairSchema>;

export const AcceptedSchema = z.object({ detail: z.string() });
