import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { AppException, CommonErrorCode } from '@cascade/common';

import type { Upload } from './imports.service.js';
import { ImportsErrorCode } from './imports-error-code.js';

/** The one file of a multipart request, whole, refused (413) past `maxBytes` (IMPORT_MAX_BYTES). */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, CommonErrorCode.UnsupportedMediaType, {
      expected: 'multipart/form-data',
    });
  }
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1024 } });
  if (!part) throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.FileMissing);
  try {
    return { fileName: part.filename || 'upload', content: await part.toBuffer() };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppException(HttpStatus.PAYLOAD_TOO_LARGE, ImportsErrorCode.FileTooLarge, { limit: maxBytes });
    }
    throw error;
  }
}
