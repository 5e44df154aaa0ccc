import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { UuidParam } from '../common/params';
import { ReportDetailDto, ReportPageDto, ReportSummaryDto } from './dto/report-responses.dto';
import {
  CorrectReportDto,
  FileReportDto,
  GenerateReportDto,
  ListReportsQuery,
  ReportFormatQuery,
} from './dto/report.dto';
import { ReportsService } from './reports.service';
import { stringsIn } from '../../../../libs/domain/src/loans/loan-rules';
import { LOAN_HEADER, LoansService } from '../loans/loans.service';

const READERS = ['auditor', 'compliance', 'general_office', 'admin'] as const;
const GENERATORS = ['general_office', 'compliance'] as const;

@ApiTags('reports')
@ApiProtected()
@ApiExtraModels(ReportDetailDto)
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly loans: LoansService,
  ) {}

  @Post()
  @Roles(...GENERATORS)
  @ApiOperation({
    summary: "Generate version 1 of a quarter's report for a branch (Art. 22, 23): an immutable, hashed snapshot",
  })
  @ApiCreatedResponse({ type: ReportDetailDto })
  @ApiErrors(400, 409)
  generate(@CurrentUser() u: Principal, @Body() dto: GenerateReportDto): Promise<ReportDetailDto> {
    return this.reports.generate(u, dto);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: "Reports of the caller's branches, newest quarter first, paged (no data)" })
  @ApiOkResponse({ type: ReportPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListReportsQuery): Promise<ReportPageDto> {
    return this.reports.list(u, q);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'A report: its stored snapshot as JSON, or rendered from it as XLSX or PDF (a loan, named in X-Verity-Loan)',
  })
  @ApiOkResponse({
    description: 'JSON: the report and its data; XLSX and PDF: the document, as an attachment with a file name',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReportDetailDto) } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrors(400, 404, 423)
  async get(
    @CurrentUser() u: Principal,
    @Param() { id }: UuidParam,
    @Query() q: ReportFormatQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReportDetailDto | StreamableFile> {
    const format = q.format ?? 'json';
    if (format === 'json') return this.reports.get(u, id);
    const file = await this.reports.render(u, id, format);
    const held = await this.loans.reportHolding(id);
    // The report names cases, sellers and agencies: a frozen case id or policy number anywhere in it freezes it.
    const named = stringsIn(held.data);
    const scan = async (frozen: (ref: string) => boolean) => [...named].find(frozen) ?? null;
    const label = `quarterly report ${id} (${format})`;
    const loanId = await this.loans.takeOut(
      u,
      { kind: 'quarterly_report', id, label, records: [], scopeKeys: [`${held.branchCode}/*`], scan },
      q,
    );
    res.setHeader(LOAN_HEADER, loanId);
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.bytes);
  }

  @Post(':id/corrections')
  @Roles(...GENERATORS)
  @ApiOperation({
    summary: 'Correct a report: a new version built from the current data, naming the one it replaces (never an edit)',
  })
  @ApiCreatedResponse({ type: ReportDetailDto })
  @ApiErrors(400, 404, 409)
  correct(
    @CurrentUser() u: Principal,
    @Param() { id }: UuidParam,
    @Body() dto: CorrectReportDto,
  ): Promise<ReportDetailDto> {
    return this.reports.correct(u, id, dto.note);
  }

  @Post(':id/filed')
  @Roles('general_office')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record when and to whom the report was filed (once)' })
  @ApiOkResponse({ type: ReportSummaryDto })
  @ApiErrors(400, 404, 409)
  file(@CurrentUser() u: Principal, @Param() { id }: UuidParam, @Body() dto: FileReportDto): Promise<ReportSummaryDto> {
    return this.reports.file(u, id, dto);
  }
}
