import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One problem with one field: `{ field: 'policyholder.phones[0]', code: 'PHONE_INVALID', message: … }`. */
export class FieldErrorDto {
  @ApiProperty({
    example: 'policyNumber',
    description: 'dotted path of the field, or body, header, Content-Type, (row)',
  })
  field!: string;

  @ApiProperty({ example: 'FIELD_INVALID' })
  code!: string;

  @ApiProperty()
  message!: string;
}

/**
 * The one error shape every 4xx and 5xx answer has (see http-exception.filter.ts and bootstrap.ts): the status
 * again, a stable code, a message, and for errors about input the fields concerned.
 */
export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode!: number;

  @ApiProperty({
    example: 'VALIDATION_FAILED',
    description:
      'a DomainErrorCode, VALIDATION_FAILED, VALUE_INVALID, BODY_*, or the HTTP name (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, …)',
  })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'present when the error is about given fields' })
  errors?: FieldErrorDto[];
}
