import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** One problem with one field of a request (dotted path, e.g. `policyholder.phones`, `corrections[1].newValue`). */
export class FieldErrorDto {
  @ApiProperty({ example: 'policyholder.phones' }) field!: string;
  @ApiProperty({ example: 'PHONE_INVALID' }) code!: string;
  @ApiProperty() message!: string;
}

/** The single error shape of every non-2xx answer (see common/http-exception.filter.ts). */
export class ApiErrorDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) code!: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }) message!: string | string[];
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'the request is malformed or a field is invalid; `errors[].field` names each',
  401: 'no valid bearer token',
  403: 'the role or scope may not do this',
  404: 'not found, or outside the caller\'s scope',
  409: 'refused in the current state',
  413: 'the body is too large',
  415: 'unsupported media type',
  429: 'too many requests',
};

/** Documents the error answers an operation can give, all in the single error shape. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'error', type: ApiErrorDto })));
}
