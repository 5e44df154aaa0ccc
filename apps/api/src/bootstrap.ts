import { ConsoleLogger, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadEnv } from '../../../libs/config/src';
import { AppModule } from './app.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';

/** Builds the HTTP application (used by main.ts and by the end-to-end tests alike). */
export async function createApp(options: { logger?: ConsoleLogger | false } = {}): Promise<INestApplication> {
  const env = loadEnv();
  const logger = options.logger ?? new ConsoleLogger({ json: true, logLevels: levelsFrom(env.LOG_LEVEL) });
  const app = await NestFactory.create(AppModule, { logger, bodyParser: true });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Verity')
    .setDescription('Customer-information authenticity: intake gate, suspicious lists, cases')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
  return app;
}

function levelsFrom(level: string): Array<'debug' | 'log' | 'warn' | 'error' | 'fatal'> {
  const all = ['debug', 'log', 'warn', 'error', 'fatal'] as const;
  return all.slice(all.indexOf(level as (typeof all)[number]));
}
