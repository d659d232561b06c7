import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { toValidationException } from '@cascade/common';

/**
 * A page form's fields checked by the API's own DTO, as the global pipe checks a JSON body: the
 * same rules and the same per-field messages. Throws the pipe's 400 (an AppException) when invalid.
 */
export async function validForm<T extends object>(
  type: ClassConstructor<T>,
  plain: Record<string, unknown>,
): Promise<T> {
  const instance = plainToInstance(type, plain);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: true, value: false },
  });
  if (errors.length > 0) throw toValidationException(errors);
  return instance;
}
