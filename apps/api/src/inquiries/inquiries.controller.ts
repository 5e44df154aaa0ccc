import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { ErrorResponseDto } from '../common/dto/error-response.dto';
import { RateLimited } from '../security/rate-limit';
import { InquiryAnswerDto, InquiryDto } from './dto/inquiry.dto';
import { InquiriesService } from './inquiries.service';

@ApiTags('inquiries')
@ApiProtected()
@Controller('inquiries')
export class InquiriesController {
  constructor(private readonly inquiries: InquiriesService) {}

  @Post()
  @Roles('customer_service')
  @RateLimited('inquiry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Customer inquiry at the counter or on the phone line: opens the policy only when the asker matches its party of that relation, and answers what that relation may hear; every inquiry audited',
  })
  @ApiOkResponse({ type: InquiryAnswerDto, description: 'verified: the slice of the policy the relation may hear' })
  @ApiResponse({
    status: 403,
    type: ErrorResponseDto,
    description:
      'INQUIRY_REFUSED: the one refusal, whatever did not match (policy, name, ID, relation) — or the role may not ask',
  })
  @ApiErrors(400, 423)
  inquire(@CurrentUser() user: Principal, @Body() dto: InquiryDto): Promise<InquiryAnswerDto> {
    return this.inquiries.inquire(user, dto);
  }
}
