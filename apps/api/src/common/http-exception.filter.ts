import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DOMAIN_ERROR_STATUS, DomainError } from './domain-error';

/**
 * Every error leaves as JSON `{ statusCode, code, message, errors? }`. Business errors map through one table;
 * anything unexpected is logged and answered 500 without internals (malformed bodies: see bootstrap.ts).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const { status, body } = this.describe(exception);
    res.status(status).json({ statusCode: status, ...body });
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      const errors = exception.field
        ? [{ field: exception.field, code: exception.code, message: exception.message }]
        : undefined;
      return {
        status: DOMAIN_ERROR_STATUS[exception.code],
        body: { code: exception.code, message: exception.message, errors },
      };
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const body = typeof response === 'string' ? { message: response } : (response as Record<string, unknown>);
      return {
        status: exception.getStatus(),
        body: { code: body.code ?? httpCode(exception.getStatus()), message: body.message, errors: body.errors },
      };
    }
    const clientError = clientErrorStatus(exception);
    if (clientError) {
      // A request the HTTP layer (body parser, multipart reader) could not read: the client's fault, not ours.
      const message = (exception as Error).message;
      return {
        status: clientError,
        body: {
          code: httpCode(clientError),
          message,
          errors: [{ field: 'body', code: httpCode(clientError), message }],
        },
      };
    }
    if (exception instanceof QueryFailedError && isDataException(exception)) {
      // Safety net behind validation: PostgreSQL refused a value (out of range, NUL byte, impossible date). Logged,
      // since the validation that should have named the field missed it.
      this.logger.warn(`value refused by the database: ${exception.message}`);
      return {
        status: HttpStatus.BAD_REQUEST,
        body: { code: 'VALUE_INVALID', message: 'a value in the request is out of range or not valid for its type' },
      };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { code: 'INTERNAL', message: 'internal error; it has been logged' },
    };
  }
}

/** SQLSTATE class 22 (data exception): the value, not the server, is wrong. */
function isDataException(err: QueryFailedError): boolean {
  const code = (err.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

/** http-errors objects (body-parser, raw-body, multer) carry a 4xx `status` and `expose: true`. */
export function clientErrorStatus(err: unknown): number | null {
  if (!(err instanceof Error)) return null;
  const { status, statusCode, expose } = err as Error & { status?: unknown; statusCode?: unknown; expose?: unknown };
  const code = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : null;
  return code !== null && code >= 400 && code < 500 && expose === true ? code : null;
}

function httpCode(status: number): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    default:
      return `HTTP_${status}`;
  }
}
