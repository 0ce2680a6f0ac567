import { z } from 'zod';

/** Stable, machine-readable error codes returned in the `error` field of every error body. */
export const ErrorCode = {
  MalformedJson: 'MALFORMED_JSON',
  ValidationFailed: 'VALIDATION_FAILED',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  BadRequest: 'BAD_REQUEST',
  RouteNotFound: 'ROUTE_NOT_FOUND',
  NotFound: 'NOT_FOUND',
  UserNotFound: 'USER_NOT_FOUND',
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  TokenInvalid: 'TOKEN_INVALID',
  RefreshTokenInvalid: 'REFRESH_TOKEN_INVALID',
  RefreshTokenReused: 'REFRESH_TOKEN_REUSED',
  OriginNotAllowed: 'ORIGIN_NOT_ALLOWED',
  Forbidden: 'FORBIDDEN',
  EmailNotVerified: 'EMAIL_NOT_VERIFIED',
  EmailAlreadyRegistered: 'EMAIL_ALREADY_REGISTERED',
  CurrentPasswordIncorrect: 'CURRENT_PASSWORD_INCORRECT',
  CannotModifySelf: 'CANNOT_MODIFY_SELF',
  Conflict: 'CONFLICT',
  CategoryNotFound: 'CATEGORY_NOT_FOUND',
  CategoryInUse: 'CATEGORY_IN_USE',
  SlugTaken: 'SLUG_TAKEN',
  SkuTaken: 'SKU_TAKEN',
  ProductNotFound: 'PRODUCT_NOT_FOUND',
  ImageNotFound: 'IMAGE_NOT_FOUND',
  ReviewNotFound: 'REVIEW_NOT_FOUND',
  ReviewExists: 'REVIEW_EXISTS',
  InsufficientStock: 'INSUFFICIENT_STOCK',
  CartItemNotFound: 'CART_ITEM_NOT_FOUND',
  CartEmpty: 'CART_EMPTY',
  CartFull: 'CART_FULL',
  OutOfStock: 'OUT_OF_STOCK',
  OrderNotFound: 'ORDER_NOT_FOUND',
  IllegalStatusTransition: 'ILLEGAL_STATUS_TRANSITION',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyKeyInProgress: 'IDEMPOTENCY_KEY_IN_PROGRESS',
  StockChanged: 'STOCK_CHANGED',
  RateLimited: 'RATE_LIMITED',
  NotReady: 'NOT_READY',
  DatabaseTimeout: 'DATABASE_TIMEOUT',
  MailNotFound: 'MAIL_NOT_FOUND',
  InternalError: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const FieldErrorSchema = z.object({
  field: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** The body of every 4xx/5xx response. */
export const ErrorBodySchema = z.object({
  error: z.string().describe('Stable UPPER_SNAKE error code'),
  detail: z.string(),
  status: z.number().int(),
  path: z.string(),
  timestamp: z.string(),
  requestId: z.string(),
  errors: z.array(FieldErrorSchema).optional(),
});
// Some errors carry details of their own (e.g. OUT_OF_STOCK lists `items`).
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
