import type { ArgumentsHost } from '@nestjs/common';
import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';
import { clientErrorStatus, HttpExceptionFilter } from './http-exception.filter';

interface Answer {
  status: number | null;
  body: unknown;
}

/** Runs the filter on one error and returns what it wrote, as the client gets it (JSON drops undefined). */
function answer(exception: unknown, headersSent = false): Answer {
  const written: Answer = { status: null, body: undefined };
  const res = {
    headersSent,
    status(code: number) {
      written.status = code;
      return this;
    },
    json(body: unknown) {
      written.body = JSON.parse(JSON.stringify(body));
      return this;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return written;
}

/** An error as body-parser, raw-body and multer throw them (http-errors). */
function httpError(status: number, message: string, expose: boolean): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose });
}

describe('HttpExceptionFilter', () => {
  let logged: jest.SpyInstance;
  let warned: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  describe('a DomainError', () => {
    it('answers the status of its code, naming the field it is about', () => {
      expect(answer(new DomainError('POLICY_NOT_FOUND', 'policy P1 not found', 'policyNumber'))).toEqual({
        status: 404,
        body: {
          statusCode: 404,
          code: 'POLICY_NOT_FOUND',
          message: 'policy P1 not found',
          errors: [{ field: 'policyNumber', code: 'POLICY_NOT_FOUND', message: 'policy P1 not found' }],
        },
      });
    });

    it.each([
      ['POLICY_NUMBER_DUPLICATE', 409],
      ['OUT_OF_SCOPE', 403],
      ['FIELD_INVALID', 400],
      ['IMPORT_FORMAT_UNSUPPORTED', 415],
      ['IMPORT_TOO_LARGE', 413],
      ['CASE_STEP_REFUSED', 409],
      ['CASE_CLOSED', 409],
    ] as const)('maps %s to %i', (code, status) => {
      expect(answer(new DomainError(code, 'x')).status).toBe(status);
    });

    it('has no errors list without a field', () => {
      expect(answer(new DomainError('CASE_CLOSED', 'case c-1 is closed or does not exist'))).toEqual({
        status: 409,
        body: { statusCode: 409, code: 'CASE_CLOSED', message: 'case c-1 is closed or does not exist' },
      });
    });
  });

  describe('an HttpException', () => {
    it('keeps the code and the errors of a validation failure', () => {
      const errors = [{ field: 'policyholder.idNumber', code: 'FIELD_INVALID', message: 'must be a string' }];
      const validation = new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'the request has invalid fields',
        errors,
      });
      expect(answer(validation)).toEqual({
        status: 400,
        body: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'the request has invalid fields', errors },
      });
    });

    it.each([
      [new BadRequestException('bad'), 400, 'BAD_REQUEST'],
      [new UnauthorizedException('no token'), 401, 'UNAUTHENTICATED'],
      [new ForbiddenException('role intake may not do this'), 403, 'FORBIDDEN'],
      [new NotFoundException('Cannot GET /api/nowhere'), 404, 'NOT_FOUND'],
      [new HttpException('slow down', 429), 429, 'HTTP_429'],
    ])('without a code of its own gets one from its status (%s)', (exception, status, code) => {
      expect(answer(exception)).toEqual({ status, body: { statusCode: status, code, message: exception.message } });
    });

    it('takes a plain string response as the message', () => {
      expect(answer(new HttpException('gone', 410))).toEqual({
        status: 410,
        body: { statusCode: 410, code: 'HTTP_410', message: 'gone' },
      });
    });
  });

  describe('an error of the HTTP layer', () => {
    it('answers its 4xx status and blames the body', () => {
      expect(answer(httpError(413, 'request entity too large', true))).toEqual({
        status: 413,
        body: {
          statusCode: 413,
          code: 'PAYLOAD_TOO_LARGE',
          message: 'request entity too large',
          errors: [{ field: 'body', code: 'PAYLOAD_TOO_LARGE', message: 'request entity too large' }],
        },
      });
      expect(answer(httpError(400, 'Unexpected token } in JSON', true)).body).toMatchObject({
        code: 'BAD_REQUEST',
        errors: [{ field: 'body' }],
      });
    });

    it('is a 500 when it is not meant to be shown or is not a 4xx', () => {
      expect(answer(httpError(400, 'internal detail', false)).status).toBe(500);
      expect(answer(httpError(503, 'upstream down', true)).status).toBe(500);
    });
  });

  describe('a database refusal', () => {
    const refused = (code: string) =>
      new QueryFailedError('INSERT …', [], Object.assign(new Error(`pg ${code}`), { code }));

    it('answers 400 for a value PostgreSQL will not take (SQLSTATE class 22), logged as a warning', () => {
      expect(answer(refused('22003'))).toEqual({
        status: 400,
        body: {
          statusCode: 400,
          code: 'VALUE_INVALID',
          message: 'a value in the request is out of range or not valid for its type',
        },
      });
      expect(warned).toHaveBeenCalledTimes(1);
    });

    it('answers 500 for any other SQLSTATE, without the SQL', () => {
      const res = answer(refused('23505'));
      expect(res).toEqual({
        status: 500,
        body: { statusCode: 500, code: 'INTERNAL', message: 'internal error; it has been logged' },
      });
      expect(logged).toHaveBeenCalledTimes(1);
    });
  });

  it('answers anything else 500 without internals, and logs it', () => {
    expect(answer(new TypeError('cannot read properties of undefined (reading "id")'))).toEqual({
      status: 500,
      body: { statusCode: 500, code: 'INTERNAL', message: 'internal error; it has been logged' },
    });
    expect(answer('a thrown string').status).toBe(500);
    expect(logged).toHaveBeenCalledTimes(2);
  });

  it('writes nothing once the response has started', () => {
    expect(answer(new DomainError('CASE_CLOSED', 'x'), true)).toEqual({ status: null, body: undefined });
  });
});

describe('clientErrorStatus', () => {
  it('is the 4xx of an exposed http-errors object, else null', () => {
    expect(clientErrorStatus(httpError(415, 'unsupported', true))).toBe(415);
    expect(clientErrorStatus(Object.assign(new Error('x'), { statusCode: 400, expose: true }))).toBe(400);
    expect(clientErrorStatus(httpError(400, 'x', false))).toBeNull();
    expect(clientErrorStatus({ status: 400, expose: true })).toBeNull(); // not an Error
    expect(clientErrorStatus(new Error('plain'))).toBeNull();
  });
});
