import {
  ErrorCode,
  ImageUploadFormSchema,
  NoContentSchema,
  ProductIdParamsSchema,
  ProductImageParamsSchema,
  ProductImageResponseSchema,
  UpdateProductImageSchema,
} from '@emporium/contracts';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError, ValidationFailedError } from '../../errors.js';
import { rejectUnstorable } from '../../plugins/request-validator.js';
import { MalformedMultipartError } from './images.errors.js';
import type { ImagesService } from './images.service.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const BOUNDARY = /;\s*boundary=(?:"[^"]+"|[^\s;]+)/i;

/**
 * The parser's own complaints about a broken body (a part without headers, a body cut short)
 * carry no HTTP status: they are the client's 400, not our 500. Limits (413) and our own
 * validation errors keep theirs.
 */
function asClientError(err: unknown): unknown {
  if (err instanceof AppError || (err as { statusCode?: number }).statusCode) return err;
  return new MalformedMultipartError('it is not well-formed multipart/form-data');
}

const tags = ['catalog'];
const security = [{ bearerAuth: [] }];

export const imagesRoutes: FastifyPluginAsyncZod<{ images: ImagesService }> = async (app, { images }) => {
  // Multipart is accepted here and nowhere else.
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1000 } });

  app.post(
    '/:id/images',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Upload a product image: multipart field `file` (JPEG, PNG, WebP, AVIF or GIF, ≤ 10 MB), optional field `alt` (admin)',
        params: ProductIdParamsSchema,
        consumes: ['multipart/form-data'],
        formBody: ImageUploadFormSchema,
        response: { 201: ProductImageResponseSchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new AppError(415, ErrorCode.UnsupportedMediaType, 'Upload the image as multipart/form-data with a field named file');
      if (!BOUNDARY.test(request.headers['content-type'] ?? '')) throw new MalformedMultipartError('its Content-Type has no boundary');
      let buffer: Buffer | undefined;
      let alt = '';
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file' || buffer) {
              part.file.resume();
              throw new ValidationFailedError([{ field: part.fieldname, message: 'send exactly one file, in the field named file' }]);
            }
            buffer = await part.toBuffer();
          } else if (part.fieldname === 'alt') {
            alt = rejectUnstorable('alt', String(part.value).slice(0, 300));
          } else {
            throw new ValidationFailedError([{ field: part.fieldname, message: 'is not an allowed field' }]);
          }
        }
      } catch (err) {
        throw asClientError(err);
      }
      if (!buffer) throw new ValidationFailedError([{ field: 'file', message: 'is required' }]);
      return reply.code(201).send({ image: await images.upload(request.params.id, buffer, alt) });
    },
  );

  app.patch(
    '/:id/images/:imageId',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Change alt text or position of an image (admin)',
        params: ProductImageParamsSchema,
        body: UpdateProductImageSchema,
        response: { 200: ProductImageResponseSchema },
      },
    },
    async (request) => ({ image: await images.update(request.params.id, request.params.imageId, request.body) }),
  );

  app.delete(
    '/:id/images/:imageId',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Delete an image and its files (admin)',
        params: ProductImageParamsSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      await images.delete(request.params.id, request.params.imageId);
      return reply.code(204).send(null);
    },
  );
};
