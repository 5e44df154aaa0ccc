import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './dto/error-response.dto';

/** What each documented error status means in this API; every one answers in the ErrorResponseDto shape. */
const MEANING = {
  400: 'a field, parameter or the body is invalid (errors[] names it)',
  401: 'no bearer token, or an invalid one',
  403: "the caller's role may not do this, or the data is outside the caller's branches or channels",
  404: "not found, or outside the caller's scope (which answers the same, so scope does not leak)",
  409: 'refused in the current state (a duplicate, a step the case refuses, a closed case)',
  413: 'the upload is larger than allowed',
  415: 'the Content-Type or the file type is not one accepted here',
  504: 'the case did not answer in time (CASE_STEP_WAIT): its worker is down or its write keeps failing; the step may still finish',
  423: 'locked: the records this file holds are frozen by a reported incident until compliance lifts it, or too many failed inquiries began a cooling period (the message says which)',
} as const;
export type ErrorStatus = keyof typeof MEANING;

/** Documents the error answers an operation really gives, each with the one error shape. */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: MEANING[status], type: ErrorResponseDto })),
  );
}

/** Every operation of a protected controller: bearer token, 401 without a valid one, 403 for a role not allowed. */
export function ApiProtected(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiErrors(401, 403));
}
