import { z } from 'zod';

/** Stable, machine-readable error codes returned in the `error` field of every error body. */
export const ErrorCode = {
  MalformedJson: 'MALFORMED_JSON',
  ValidationFailed: 'VALIDATION_FAILED',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  BadRequest: 'BAD_REQUEST',
  MalformedUrl: 'MALFORMED_URL',
  UriTooLong: 'URI_TOO_LONG',
  HeadersTooLarge: 'HEADERS_TOO_LARGE',
  RequestTimeout: 'REQUEST_TIMEOUT',
  RouteNotFound: 'ROUTE_NOT_FOUND',
  NotFound: 'NOT_FOUND',
  UserNotFound: 'USER_NOT_FOUND',
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  TokenInvalid: 'TOKEN_INVALID',
  RefreshTokenInvalid: 'REFRESH_TOKEN_INVALID',
  OriginNotAllowed: 'ORIGIN_NOT_ALLOWED',
  Forbidden: 'FORBIDDEN',
  EmailNotVerified: 'EMAIL_NOT_VERIFIED',
  EmailAlreadyRegistered: 'EMAIL_ALREADY_REGISTERED',
  CurrentPasswordIncorrect: 'CURRENT_PASSWORD_INCORRECT',
  CannotModifySelf: 'CANNOT_MODIFY_SELF',
  AdminAccountUnverified: 'ADMIN_ACCOUNT_UNVERIFIED',
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
  OrderTooLarge: 'ORDER_TOO_LARGE',
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

/**
 * The body of every 4xx/5xx response, the framework's own (bad URL, 413, 414, 415, 431) included.
 * Some errors carry details of their own (OUT_OF_STOCK lists `items`, an illegal status move
 * `allowed`, readiness `checks`): the object is open to them.
 */
export const ErrorBodySchema = z.looseObject({
  error: z.string().describe('Stable UPPER_SNAKE error code'),
  detail: z.string().describe('A sentence safe to show a user; never the request URL or body'),
  status: z.number().int().min(400).max(599).describe('The HTTP status, repeated'),
  path: z
    .string()
    .describe('The request path (for errors about the URL itself, only its plain leading part; empty when the request could not be read)'),
  timestamp: z.string().describe('ISO-8601 UTC'),
  requestId: z.string().describe('Also in the X-Request-Id response header'),
  errors: z.array(FieldErrorSchema).optional().describe('One entry per invalid field (validation failures)'),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** One line of an OUT_OF_STOCK answer (`items`): what was asked for and what there is (0 when no longer sold). */
export const ShortItemSchema = z.object({
  productId: z.uuid(),
  name: z.string(),
  requested: z.number().int(),
  available: z.number().int(),
});
export type ShortItem = z.infer<typeof ShortItemSchema>;

/** The response of an operation that answers 204 with no body. */
export const NoContentSchema = z.null().describe('No content');

/** A CSV download (`text/csv; charset=utf-8`, sent as an attachment). */
export const CsvResponseSchema = {
  description: 'A CSV file, one header line then one line per row (RFC 4180)',
  // The server streams it: typed unknown so a stream may be sent; documented as the text it is.
  content: { 'text/csv': { schema: z.unknown().meta({ type: 'string', description: 'CSV text' }) } },
};
