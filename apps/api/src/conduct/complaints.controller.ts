import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { memoryStorage } from 'multer';
import { DEFAULT_EVIDENCE_LIMITS } from '../../../../libs/evidence/src';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { UuidParam } from '../common/params';
import type { UploadedFile as Upload } from '../evidence/evidence.service';
import { LoanQuery } from '../common/params';
import { LOAN_HEADER, LoansService } from '../loans/loans.service';
import { ComplaintsService } from './complaints.service';
import { CONDUCT_READERS } from './conduct-roles';
import {
  AttachmentParams,
  ListComplaintsQuery,
  RegisterComplaintDto,
  VerifyComplaintDto,
} from './dto/conduct-requests.dto';
import { AttachmentDto, ComplaintDto, ComplaintPageDto } from './dto/conduct-responses.dto';

// The hard cap protects memory; the configured limit (EVIDENCE_MAX_MB) is checked with a clear error in the service.
const HARD_CAP_BYTES = 200 * 1024 * 1024;

/** Complaints against sellers and agencies (R6, Art. 14). */
@ApiTags('complaints')
@ApiProtected()
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly loans: LoansService,
  ) {}

  @Post()
  @Roles('customer_service')
  @ApiOperation({ summary: 'Register a complaint against a seller or an agency, about a policy they sold' })
  @ApiCreatedResponse({ type: ComplaintDto })
  @ApiErrors(400, 404)
  register(@CurrentUser() u: Principal, @Body() dto: RegisterComplaintDto): Promise<ComplaintDto> {
    return this.complaints.register(u, dto);
  }

  @Get()
  @Roles(...CONDUCT_READERS)
  @ApiOperation({ summary: 'Complaints in the caller scope, filtered and paged, newest received first' })
  @ApiOkResponse({ type: ComplaintPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListComplaintsQuery): Promise<ComplaintPageDto> {
    return this.complaints.list(u, q);
  }

  @Get(':id')
  @Roles(...CONDUCT_READERS)
  @ApiOperation({ summary: 'A complaint, its outcome, attachments and the campaign it counts toward' })
  @ApiOkResponse({ type: ComplaintDto })
  @ApiErrors(400, 404)
  get(@CurrentUser() u: Principal, @Param() { id }: UuidParam): Promise<ComplaintDto> {
    return this.complaints.get(u, id);
  }

  @Post(':id/attachments')
  @Roles('customer_service', 'compliance')
  @UseInterceptors(
    FileInterceptor('file', { storage: memoryStorage(), limits: { fileSize: HARD_CAP_BYTES, files: 1 } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Add evidence to a complaint not yet verified (PDF, JPEG, PNG, TIFF), stored by SHA-256' })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiErrors(400, 404, 409, 413, 415)
  attach(
    @CurrentUser() u: Principal,
    @Param() { id }: UuidParam,
    @UploadedFile() file?: Upload,
  ): Promise<AttachmentDto> {
    return this.complaints.attach(u, id, file);
  }

  @Get(':id/attachments/:aid')
  @Roles(...CONDUCT_READERS)
  @ApiOperation({ summary: 'Download an attachment (recorded in the audit log): a loan, named in X-Verity-Loan' })
  @ApiOkResponse({
    description: 'the file as uploaded, with its media type',
    content: Object.fromEntries(
      DEFAULT_EVIDENCE_LIMITS.allowedMediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
    ),
  })
  @ApiErrors(400, 404, 423)
  async download(
    @CurrentUser() u: Principal,
    @Param() { id, aid }: AttachmentParams,
    @Query() loan: LoanQuery,
    @Res() res: Response,
  ): Promise<void> {
    const { row, content } = await this.complaints.download(u, id, aid);
    const held = await this.loans.attachmentHolding(id, aid);
    const label = `attachment ${aid} of complaint ${id}`;
    const loanId = await this.loans.takeOut(u, { kind: 'complaint_attachment', id: aid, label, ...held }, loan);
    res.setHeader(LOAN_HEADER, loanId);
    res.setHeader('Content-Type', row.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(row.fileName ?? aid)}"`);
    res.send(content);
  }

  @Post(':id/verify')
  @HttpCode(HttpStatus.OK)
  @Roles('customer_service', 'compliance')
  @ApiOperation({
    summary: 'Record the outcome, by someone other than the registrant; verified mis-selling counts toward a re-check',
  })
  @ApiOkResponse({
    type: ComplaintDto,
    description: 'the complaint with its outcome (and campaign, if one started or grew)',
  })
  @ApiErrors(400, 404, 409)
  verify(
    @CurrentUser() u: Principal,
    @Param() { id }: UuidParam,
    @Body() dto: VerifyComplaintDto,
  ): Promise<ComplaintDto> {
    return this.complaints.verify(u, id, dto);
  }
}
