import type { INestApplication } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';
import { SwaggerModule } from '@nestjs/swagger';
import { loadEnv } from '../../../libs/config/src';
import { AppModule } from './app.module';
import { LocalSignInModule } from './auth/local-sign-in.module';
import { RateLimitModule } from './security/rate-limit';
import { securityHeaders } from './security/security-headers';
import { serveConsole } from './console/serve-console';
import { clientErrorStatus, HttpExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';
import { createOpenApiDocument } from './openapi';
import { codecCors } from './temporal/codec-cors';
import { CONTROL_CHARACTER } from '../../../libs/domain/src/common/control-characters';

/** Builds the HTTP application (used by main.ts and by the end-to-end tests alike). */
export async function createApp(options: { logger?: ConsoleLogger | false } = {}): Promise<INestApplication> {
  const env = loadEnv();
  const logger = options.logger ?? new ConsoleLogger({ json: true, logLevels: levelsFrom(env.LOG_LEVEL) });
  // Local sign-in exists only without an identity provider (see LocalSignInModule).
  const root = { module: AppModule, imports: [LocalSignInModule.forEnv(env), RateLimitModule.forEnv(env)] };
  const app = await NestFactory.create<NestExpressApplication>(root, { logger, bodyParser: false });
  app.disable('x-powered-by');
  if (env.TRUST_PROXY) app.set('trust proxy', trustProxy(env.TRUST_PROXY));
  app.use(securityHeaders(env));
  if (env.CORS_ORIGINS) {
    app.enableCors({
      origin: env.CORS_ORIGINS.split(','),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: ['Content-Disposition', 'Retry-After', 'X-Verity-Loan'],
      maxAge: 600,
    });
  }
  // JSON only (imports stream their own bodies); a malformed body is answered here, naming the body.
  app.use(json({ limit: '1mb', reviver: refuseControlCharacters }));
  app.use(bodyParseErrors);
  if (env.TEMPORAL_UI_ORIGIN) app.use('/api/temporal/codec', codecCors(env.TEMPORAL_UI_ORIGIN));
  serveConsole(app);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app));
  return app;
}

function bodyParseErrors(
  err: { type?: string; message?: string },
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (err?.type === 'entity.parse.failed') {
    res.status(400).json({
      statusCode: 400,
      code: 'BODY_MALFORMED',
      message: 'the request body is not valid JSON',
      errors: [{ field: 'body', code: 'BODY_MALFORMED', message: err.message }],
    });
    return;
  }
  if (err?.type === 'entity.too.large') {
    res.status(413).json({ statusCode: 413, code: 'BODY_TOO_LARGE', message: 'the request body is larger than 1 MB' });
    return;
  }
  // Any other body the parser refused (unsupported charset or encoding, aborted upload): its 4xx, in the one shape.
  const status = clientErrorStatus(err);
  if (status) {
    res.status(status).json({
      statusCode: status,
      code: 'BODY_UNREADABLE',
      message: err.message,
      errors: [{ field: 'body', code: 'BODY_UNREADABLE', message: err.message }],
    });
    return;
  }
  next(err);
}

/**
 * JSON.parse reviver: a string holding a NUL or another C0 control character (but tab, CR, LF) is refused while
 * parsing, naming the key; PostgreSQL cannot store NUL in text, and no field of an application needs the others.
 */
function refuseControlCharacters(key: string, value: unknown): unknown {
  if (typeof value === 'string' && CONTROL_CHARACTER.test(value)) {
    throw new SyntaxError(`${key || 'a value'} holds a control character`);
  }
  return value;
}

/** Express's 'trust proxy' from its text form: a hop count, or the addresses and subnets to trust. */
function trustProxy(value: string): number | string[] {
  return /^\d+$/.test(value) ? Number(value) : value.split(',').map((v) => v.trim());
}

function levelsFrom(level: string): Array<'debug' | 'log' | 'warn' | 'error' | 'fatal'> {
  const all = ['debug', 'log', 'warn', 'error', 'fatal'] as const;
  return all.slice(all.indexOf(level as (typeof all)[number]));
}
