import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { DomainError } from '../common/domain-error';
import { ImportViewDto, ReportLineDto } from './dto/import-responses.dto';
import { ImportReportQuery, ImportUploadQuery, UuidParam } from '../common/params';
import { ImportFormat } from './import-staging.service';
import { ImportsService, ImportView, ReportLine } from './imports.service';
import { csvLine } from '../../../../libs/domain/src/common/csv-cell';
import { LOAN_HEADER, LoansService, scopeKeysOf } from '../loans/loans.service';

@ApiTags('imports')
@ApiProtected()
@ApiExtraModels(ReportLineDto)
@Controller()
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly loans: LoansService,
  ) {}

  @Post('policies/import')
  @Roles('intake', 'admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('text/csv', 'application/x-ndjson')
  @ApiOperation({
    summary: 'Bulk import of applications: the body is a CSV or NDJSON stream; answers with the import id',
  })
  @ApiAcceptedResponse({ type: ImportViewDto, description: 'staged; the import workflow runs the rows' })
  @ApiErrors(400, 413, 415)
  async importPolicies(
    @CurrentUser() user: Principal,
    @Req() req: Request,
    @Query() q: ImportUploadQuery,
  ): Promise<ImportView> {
    return this.imports.importPolicies(user, req, formatOf(req.headers['content-type']), q.fileName ?? null);
  }

  @Post('policies/recheck')
  @Roles('compliance', 'admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: "Backlog self-check (R10): underwrite every stored policy again under today's rules" })
  @ApiAcceptedResponse({ type: ImportViewDto })
  recheck(@CurrentUser() user: Principal): Promise<ImportView> {
    return this.imports.recheckBacklog(user);
  }

  @Get('imports/:id')
  @Roles('intake', 'admin', 'compliance', 'auditor')
  @ApiOperation({ summary: 'Progress of an import: rows read, accepted, refused, bad' })
  @ApiOkResponse({ type: ImportViewDto })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: Principal, @Param() { id }: UuidParam): Promise<ImportView> {
    return this.imports.view(user, id);
  }

  @Get('imports/:id/report')
  @Roles('intake', 'admin', 'compliance', 'auditor')
  @ApiOperation({
    summary:
      'Refused and malformed rows with line numbers and reasons (CSV download, a loan named in X-Verity-Loan, or JSON)',
  })
  @ApiOkResponse({
    description: 'one line per reason; CSV by default, JSON with ?format=json',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(ReportLineDto) } } },
    },
  })
  @ApiErrors(400, 404, 423)
  async report(
    @CurrentUser() user: Principal,
    @Param() { id }: UuidParam,
    @Query() q: ImportReportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const lines = this.imports.report(user, id);
    const first = await lines.next(); // surfaces 404 before any header is sent
    if ((q.format ?? 'csv') === 'json') {
      const all = first.done ? [] : [first.value];
      for await (const l of lines) all.push(l);
      res.json(all);
      return;
    }
    const scan = async (frozen: (ref: string) => boolean): Promise<string | null> => {
      for await (const l of this.imports.report(user, id))
        if (l.policyNumber && frozen(l.policyNumber)) return l.policyNumber;
      return null;
    };
    const loanId = await this.loans.takeOut(
      user,
      {
        kind: 'import_report',
        id,
        label: `refused rows of import ${id}`,
        records: [],
        scopeKeys: scopeKeysOf(user.branches, user.channels),
        scan,
      },
      q,
    );
    res.setHeader(LOAN_HEADER, loanId);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="import-${id}-report.csv"`);
    res.write('\uFEFFline,kind,policyNumber,field,code,message\n');
    if (!first.done) res.write(reportLine(first.value));
    for await (const l of lines) res.write(reportLine(l));
    res.end();
  }
}

function formatOf(contentType: string | undefined): ImportFormat {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl') return 'ndjson';
  throw new DomainError(
    'IMPORT_FORMAT_UNSUPPORTED',
    `Content-Type must be text/csv or application/x-ndjson, not "${type || 'none'}"`,
    'Content-Type',
  );
}

function reportLine(l: ReportLine): string {
  return csvLine([l.line, l.kind, l.policyNumber, l.field, l.code, l.message], '\n');
}
