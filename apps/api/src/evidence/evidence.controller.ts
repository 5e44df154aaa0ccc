import { Body, Controller, Get, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { memoryStorage } from 'multer';
import { EVIDENCE_TYPES } from '../../../../libs/contracts/src/case.contract';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { DEFAULT_EVIDENCE_LIMITS } from '../../../../libs/evidence/src';
import { CaseViewDto } from '../cases/dto/case-responses.dto';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { CaseIdParam, EvidenceParams } from '../common/params';
import { EvidenceVerificationDto } from './dto/evidence-verification.dto';
import { EvidenceFieldsDto } from './dto/evidence-fields.dto';
import { EvidenceService, UploadedFile as Upload } from './evidence.service';
import { LoanQuery } from '../common/params';
import { LOAN_HEADER, LoansService } from '../loans/loans.service';

// The hard cap protects memory; the configured limit (EVIDENCE_MAX_MB) is checked with a clear error in the service.
const HARD_CAP_BYTES = 200 * 1024 * 1024;

@ApiTags('evidence')
@ApiProtected()
@Controller('cases/:id/evidence')
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly loans: LoansService,
  ) {}

  @Post()
  @Roles('back_office', 'customer_service', 'team_leader')
  @UseInterceptors(
    FileInterceptor('file', { storage: memoryStorage(), limits: { fileSize: HARD_CAP_BYTES, files: 1 } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        type: { enum: [...EVIDENCE_TYPES] },
        supersedes: { type: 'string' },
      },
    },
  })
  @ApiOperation({ summary: 'Add a file to a case; an investigation report is signed for its uploader' })
  @ApiCreatedResponse({ type: CaseViewDto, description: 'the case with the file attached' })
  @ApiErrors(400, 404, 409, 413, 415, 504)
  upload(
    @CurrentUser() u: Principal,
    @Param() { id }: CaseIdParam,
    @Body() fields: EvidenceFieldsDto,
    @UploadedFile() file?: Upload,
  ): Promise<CaseViewDto> {
    return this.evidence.upload(u, id, fields.type, file, fields.supersedes);
  }

  @Get(':eid')
  @Roles('back_office', 'customer_service', 'team_leader', 'compliance', 'auditor')
  @ApiOperation({ summary: 'Download a file (recorded in the audit log): a loan, named in X-Verity-Loan' })
  @ApiOkResponse({
    description: 'the file as uploaded, with its media type',
    content: Object.fromEntries(
      DEFAULT_EVIDENCE_LIMITS.allowedMediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
    ),
  })
  @ApiErrors(400, 404, 423)
  async download(
    @CurrentUser() u: Principal,
    @Param() { id, eid }: EvidenceParams,
    @Query() loan: LoanQuery,
    @Res() res: Response,
  ): Promise<void> {
    const { row, content } = await this.evidence.download(u, id, eid);
    const held = await this.loans.evidenceHolding(id, eid);
    const label = `evidence ${eid} of case ${id}`;
    const loanId = await this.loans.takeOut(u, { kind: 'evidence', id: eid, label, ...held }, loan);
    res.setHeader(LOAN_HEADER, loanId);
    res.setHeader('Content-Type', row.media_type);
    res.setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(row.file_name ?? eid)}"`);
    res.send(content);
  }

  @Get(':eid/verify')
  @Roles('back_office', 'customer_service', 'team_leader', 'compliance', 'auditor')
  @ApiOperation({ summary: 'Prove the file and, for a report, its signature unchanged' })
  @ApiOkResponse({ type: EvidenceVerificationDto })
  @ApiErrors(400, 404)
  verify(@CurrentUser() u: Principal, @Param() { id, eid }: EvidenceParams): Promise<EvidenceVerificationDto> {
    return this.evidence.verify(u, id, eid);
  }
}
