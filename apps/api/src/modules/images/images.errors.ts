import { ErrorCode } from '@emporium/contracts';
import { AppError, NotFoundError } from '../../errors.js';

export class MalformedMultipartError extends AppError {
  constructor(why: string) {
    super(400, ErrorCode.BadRequest, `The multipart body could not be read: ${why}`);
  }
}

export class ImageNotFoundError extends NotFoundError {
  constructor() {
    super(ErrorCode.ImageNotFound, 'No such image on this product');
  }
}

export class UnsupportedImageError extends AppError {
  constructor(detail: string) {
    super(415, ErrorCode.UnsupportedMediaType, detail);
  }
}

export class ImageTooLargeError extends AppError {
  constructor(maxPixels: number) {
    super(413, ErrorCode.PayloadTooLarge, `The image has more than ${maxPixels / 1_000_000} megapixels`);
  }
}
