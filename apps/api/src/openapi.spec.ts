import 'reflect-metadata';
import { BadRequestException, ForbiddenException, type ArgumentsHost } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { DomainError } from './common/domain-error';
import { createOpenApiDocument } from './openapi';
import { RateLimitModule } from './security/rate-limit';
import type { VerityEnv } from '../../../libs/config/src';

type Operation = {
  summary?: string;
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, Response>;
};
type Response = { content?: Record<string, { schema?: Record<string, unknown> }> };

const ERROR_REF = '#/components/schemas/ErrorResponseDto';

/** The document as /api/docs-json publishes it, built without servers (preview: no provider is instantiated). */
async function document(): Promise<OpenAPIObject> {
  // As bootstrap composes it: the rate-limited controllers need the throttler's options.
  const limits = { SIGN_IN_RATE_LIMIT: 10, INQUIRY_RATE_LIMIT: 10 } as VerityEnv;
  const root = { module: AppModule, imports: [RateLimitModule.forEnv(limits)] };
  const app = await NestFactory.create(root, { preview: true, logger: false });
  app.setGlobalPrefix('api');
  const doc = createOpenApiDocument(app);
  await app.close();
  return doc;
}

function operations(doc: OpenAPIObject): Array<[string, Operation]> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]): [string, Operation] => [
      `${method.toUpperCase()} ${path}`,
      op,
    ]),
  );
}

/** What the filter writes for an exception, through a fake response. */
function filtered(exception: unknown): Record<string, unknown> {
  let body: Record<string, unknown> = {};
  const res = { headersSent: false, status: () => res, json: (b: Record<string, unknown>) => (body = b) };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return JSON.parse(JSON.stringify(body));
}

describe('the published OpenAPI document', () => {
  let doc: OpenAPIObject;
  beforeAll(async () => {
    doc = await document();
  });

  it('gives every operation a summary and a 2xx answer with a schema', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(40);
    const missing = ops.filter(([, op]) => {
      const ok = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      return (
        !op.summary ||
        ok.length === 0 ||
        ok.some(([, r]) => !r.content || Object.values(r.content).some((c) => !c.schema))
      );
    });
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('documents every 4xx answer with the one error DTO, 401 and 403 on every protected operation, 400 wherever there is input', () => {
    const wrong: string[] = [];
    for (const [name, op] of operations(doc)) {
      for (const [status, r] of Object.entries(op.responses)) {
        if (!status.startsWith('4')) continue;
        const refs = Object.values(r.content ?? {}).map((c) => c.schema?.$ref);
        if (refs.length === 0 || refs.some((ref) => ref !== ERROR_REF)) wrong.push(`${name} ${status}`);
      }
      const statuses = Object.keys(op.responses);
      if (op.security && !(statuses.includes('401') && statuses.includes('403'))) wrong.push(`${name}: no 401/403`);
      if ((op.parameters?.length || op.requestBody) && !statuses.includes('400')) wrong.push(`${name}: no 400`);
    }
    expect(wrong).toEqual([]);
  });

  it('resolves every $ref', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    expect([...new Set(refs)].filter((name) => !doc.components?.schemas?.[name])).toEqual([]);
  });

  it('describes exactly the error shape the exception filter writes', () => {
    const schema = doc.components!.schemas!.ErrorResponseDto as {
      properties: Record<string, unknown>;
      required: string[];
    };
    const field = doc.components!.schemas!.FieldErrorDto as { properties: Record<string, unknown>; required: string[] };
    const bodies = [
      filtered(new DomainError('POLICY_NOT_FOUND', 'policy P1 not found')),
      filtered(new DomainError('FIELD_INVALID', 'phone is not valid', 'phone')),
      filtered(
        new BadRequestException({
          code: 'VALIDATION_FAILED',
          message: 'the request has invalid fields',
          errors: [{ field: 'a', code: 'isInt', message: 'a must be an integer' }],
        }),
      ),
      filtered(new ForbiddenException('role intake may not do this')),
      filtered(new Error('boom')),
    ];
    expect(bodies[0]).toEqual({ statusCode: 404, code: 'POLICY_NOT_FOUND', message: 'policy P1 not found' });
    for (const body of bodies) {
      expect(Object.keys(body).sort()).toEqual(expect.arrayContaining([...schema.required].sort()));
      expect(Object.keys(body).filter((k) => !(k in schema.properties))).toEqual([]);
      for (const e of (body.errors as Array<Record<string, unknown>> | undefined) ?? [])
        expect(Object.keys(e).sort()).toEqual([...field.required].sort());
    }
    expect(Object.keys(schema.properties).sort()).toEqual(['code', 'errors', 'message', 'statusCode']);
  });
});
