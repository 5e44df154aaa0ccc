import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors } from '../../../../libs/intake/src/validation-errors';

/** Whitelisting, unknown fields refused, and each error naming its dotted field path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'the request has invalid fields',
        errors: flattenValidationErrors(errors),
      }),
  });
}
