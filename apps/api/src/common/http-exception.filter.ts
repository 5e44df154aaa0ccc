import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DOMAIN_ERROR_STATUS, DomainError } from './domain-error';

/**
 * Every error leaves as JSON `{ statusCode, code, message, errors? }`. Business errors map through one table;
 * a malformed body is a 400 naming the body; anything unexpected is logged and answered 500 without internals.
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
      const errors = exception.field ? [{ field: exception.field, code: exception.code, message: exception.message }] : undefined;
      return { status: DOMAIN_ERROR_STATUS[exception.code], body: { code: exception.code, message: exception.message, errors } };
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const body = typeof response === 'string' ? { message: response } : (response as Record<string, unknown>);
      return { status: exception.getStatus(), body: { code: body.code ?? httpCode(exception.getStatus()), message: body.message, errors: body.errors } };
    }
    const parseError = exception as { type?: string; status?: number; message?: string };
    if (parseError?.type === 'entity.parse.failed') {
      return {
        status: HttpStatus.BAD_REQUEST,
        body: { code: 'BODY_MALFORMED', message: 'the request body is not valid JSON', errors: [{ field: 'body', code: 'BODY_MALFORMED', message: parseError.message }] },
      };
    }
    if (parseError?.type === 'entity.too.large') {
      return { status: HttpStatus.PAYLOAD_TOO_LARGE, body: { code: 'BODY_TOO_LARGE', message: 'the request body is too large' } };
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { code: 'INTERNAL', message: 'internal error; it has been logged' } };
  }
}

function httpCode(status: number): string {
  switch (status) {
    case 400: return 'BAD_REQUEST';
    case 401: return 'UNAUTHENTICATED';
    case 403: return 'FORBIDDEN';
    case 404: return 'NOT_FOUND';
    case 409: return 'CONFLICT';
    case 413: return 'PAYLOAD_TOO_LARGE';
    case 415: return 'UNSUPPORTED_MEDIA_TYPE';
    default: return `HTTP_${status}`;
  }
}
