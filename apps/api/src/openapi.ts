import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorResponseDto, FieldErrorDto } from './common/dto/error-response.dto';

/** The published OpenAPI document (/api/docs-json): the console's client is generated from it. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Verity')
    .setDescription(
      'Customer-information authenticity: intake gate, suspicious lists, cases. Every error answers in the ErrorResponseDto shape.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto, FieldErrorDto] });
}
