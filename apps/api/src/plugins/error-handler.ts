import { randomUUID } from 'node:crypto';
import { STATUS_CODES as HTTP_REASONS } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorBody, ErrorCode, type FieldError } from '@emporium/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { isStatementTimeout } from '../lib/pg-errors.js';

const FASTIFY_CODES: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: ErrorCode.MalformedJson, detail: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: ErrorCode.MalformedJson,
    detail: 'The request body is empty but its content type is JSON',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: ErrorCode.UnsupportedMediaType, detail: 'Request bodies must be application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: ErrorCode.PayloadTooLarge, detail: 'The request body is too large' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: ErrorCode.BadRequest,
    detail: 'The Content-Length header does not match the body',
  },
};

const STATUS_CODES: Record<number, string> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
};

/** `/items/0/quantity` → `items[0].quantity`: how every error names a field. */
export function fieldName(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((name, seg) => {
    if (typeof seg === 'number' || /^\d+$/.test(String(seg))) return `${name}[${seg}]`;
    return name ? `${name}.${seg}` : String(seg);
  }, '');
}

function validationErrors(error: FastifyError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.validation ?? []) {
    const path = issue.instancePath.split('/').filter(Boolean);
    const keys = (issue.params as { keys?: unknown }).keys;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      for (const key of keys) out.push({ field: fieldName([...path, String(key)]), message: 'is not an allowed field' });
    } else {
      out.push({ field: fieldName(path) || (error.validationContext ?? 'body'), message: issue.message ?? 'is invalid' });
    }
  }
  return out;
}

export function errorBody(request: FastifyRequest, status: number, code: string, detail: string, errors?: FieldError[]): ErrorBody {
  return {
    error: code,
    detail,
    status,
    // Only the plain leading part of the path: an error never echoes what a client wrote into the URL.
    path: plainPrefix(request.url),
    timestamp: new Date().toISOString(),
    requestId: String(request.id),
    ...(errors ? { errors } : {}),
  };
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(errorBody(request, status, code, detail, errors));
}

/** The single place where anything thrown becomes the API's JSON error body. */
async function errorHandlerPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.securityEvent) {
        request.log.warn({ security: error.securityEvent, ip: request.ip, status: error.status }, error.securityEvent.event);
      }
      if (error.headers) reply.headers(error.headers);
      return reply
        .code(error.status)
        .type('application/json; charset=utf-8')
        .send({ ...errorBody(request, error.status, error.code, error.message, error.errors), ...error.extra });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext === 'querystring' ? 'query string' : (error.validationContext ?? 'request');
      return sendError(request, reply, 422, ErrorCode.ValidationFailed, `The ${where} is not valid`, validationErrors(error));
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendError(request, reply, known.status, known.code, known.detail);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      if (error instanceof SyntaxError)
        return sendError(request, reply, 400, ErrorCode.MalformedJson, 'The request body could not be parsed');
      return sendError(request, reply, status, STATUS_CODES[status] ?? ErrorCode.BadRequest, error.message);
    }
    if (isStatementTimeout(error)) {
      request.log.warn({ err: error }, 'database statement timed out');
      reply.header('retry-after', '1');
      return sendError(request, reply, 503, ErrorCode.DatabaseTimeout, 'The database took too long to answer; try again shortly');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 500, ErrorCode.InternalError, 'Something went wrong on our side; it has been logged');
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, ErrorCode.RouteNotFound, `No route answers ${request.method} at this path`),
  );
}

export const errorHandler = fp(errorHandlerPlugin, { name: 'error-handler' });

/**
 * The part of a request path that is safe to repeat in an error about the URL itself: up to the
 * first character that is not plain (a `%`, a quote, …), at most 100 characters. The rest of a
 * malformed or over-long URL is never echoed.
 */
function plainPrefix(url: string): string {
  return /^[A-Za-z0-9/_.~-]{0,100}/.exec(url.split('?')[0] ?? '')?.[0] ?? '';
}

const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: ErrorCode.MalformedUrl, detail: 'The URL is not valid: it holds a malformed percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: ErrorCode.UriTooLong, detail: 'A path segment of the URL is too long' },
};

/**
 * Errors Fastify raises while routing, before any hook or handler (bad percent-encoding, an
 * over-long path parameter): the same body as every other error, without the URL.
 */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, request, anyReply) => {
  const reply = anyReply as FastifyReply;
  const known = FRAMEWORK_ERRORS[error.code] ?? { status: 400, code: ErrorCode.BadRequest, detail: 'The request could not be routed' };
  const body = { ...errorBody(request, known.status, known.code, known.detail), path: plainPrefix(request.url) };
  // No hook has run: the request id header is set here, as the request-id plugin would.
  return reply.code(known.status).header('x-request-id', body.requestId).type('application/json; charset=utf-8').send(body);
};

const CLIENT_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: ErrorCode.HeadersTooLarge,
    detail: 'The request line and headers are too large (URL, query string and headers together may take 16 KB)',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: ErrorCode.RequestTimeout, detail: 'The request took too long to arrive' },
};

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a query string past the header
 * limit, a malformed request line): answered on the socket in the documented error shape. Nothing
 * of the request could be read, so `path` is empty and the request id is fresh.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (err.code && CLIENT_ERRORS[err.code]) || {
    status: 400,
    code: ErrorCode.BadRequest,
    detail: 'The request is not valid HTTP',
  };
  this.log.debug({ err: { code: err.code, message: err.message } }, 'client error');
  if (socket.writable) {
    const requestId = randomUUID();
    const body = JSON.stringify({
      error: known.code,
      detail: known.detail,
      status: known.status,
      path: '',
      timestamp: new Date().toISOString(),
      requestId,
    } satisfies ErrorBody);
    socket.write(
      `HTTP/1.1 ${known.status} ${HTTP_REASONS[known.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
