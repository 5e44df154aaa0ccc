import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { findingListCsv, findingListXlsx } from '../../../../libs/detection/src/finding-list-export';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { UuidParam } from '../common/params';
import { DetectionRunViewDto, FindingListRowDto, PayerExceptionViewDto } from './dto/detection-responses.dto';
import { FindingsQuery, PayerExceptionDto, StartRunDto } from './dto/detection.dto';
import { DetectionService } from './detection.service';
import { LOAN_HEADER, LoansService, scopeKeysOf } from '../loans/loans.service';

const LIST_READERS = ['customer_service', 'compliance', 'admin', 'auditor', 'channel_manager'] as const;

@ApiTags('detection')
@ApiProtected()
@ApiExtraModels(FindingListRowDto)
@Controller()
export class DetectionController {
  constructor(
    private readonly detection: DetectionService,
    private readonly loans: LoansService,
  ) {}

  @Post('detection/runs')
  @Roles('customer_service', 'admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start a detection run now; {"full": true} checks everything (backlog self-check)' })
  @ApiAcceptedResponse({ type: DetectionRunViewDto, description: 'the run as soon as the worker recorded it' })
  @ApiErrors(400, 404)
  start(@CurrentUser() u: Principal, @Body() dto: StartRunDto): Promise<DetectionRunViewDto> {
    return this.detection.start(u, dto.full ?? false);
  }

  @Get('detection/runs')
  @Roles(...LIST_READERS)
  @ApiOperation({ summary: 'The latest 50 detection runs, newest first' })
  @ApiOkResponse({ type: [DetectionRunViewDto] })
  list(): Promise<DetectionRunViewDto[]> {
    return this.detection.list();
  }

  @Get('detection/runs/:id')
  @Roles(...LIST_READERS)
  @ApiOperation({ summary: "A run: counts by rule, duration, watermark, whether it published the day's list" })
  @ApiOkResponse({ type: DetectionRunViewDto })
  @ApiErrors(400, 404)
  get(@Param() { id }: UuidParam): Promise<DetectionRunViewDto> {
    return this.detection.get(id);
  }

  @Get('detection/runs/:id/findings')
  @Roles(...LIST_READERS)
  @ApiOperation({
    summary:
      'The suspicious list of a run, in the caller scope, customers masked; JSON pages, CSV or XLSX whole (a loan, named in X-Verity-Loan)',
  })
  @ApiOkResponse({
    description: 'JSON: one page (?after=, ?pageSize=); CSV and XLSX: the whole list',
    content: {
      'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(FindingListRowDto) } } },
      'text/csv': { schema: { type: 'string' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiErrors(400, 404, 423)
  async findings(
    @CurrentUser() u: Principal,
    @Param() { id }: UuidParam,
    @Query() q: FindingsQuery,
    @Res() res: Response,
  ): Promise<void> {
    const filter = { rule: q.rule, channel: q.channel, branch: q.branch };
    const format = q.format ?? 'json';
    if (format === 'json') {
      await this.detection.get(id);
      res.json(await this.detection.findings(u, id, filter, q.after ?? '', q.pageSize ?? 100));
      return;
    }
    await this.detection.get(id); // a missing run answers 404 before the loan
    const scan = async (frozen: (ref: string) => boolean): Promise<string | null> => {
      for (let after = ''; ;) {
        const page = await this.detection.findings(u, id, filter, after, 1000);
        for (const r of page) {
          const hit = [...r.policyNumbers, r.caseId ?? ''].find(frozen);
          if (hit) return hit;
        }
        if (page.length < 1000) return null;
        after = page[page.length - 1].findingKey;
      }
    };
    const scopeKeys = scopeKeysOf(q.branch ? [q.branch] : u.branches, q.channel ? [q.channel] : u.channels);
    const label = `suspicious list of run ${id}${q.rule ? ` (${q.rule})` : ''}`;
    const loanId = await this.loans.takeOut(u, { kind: 'suspicious_list', id, label, records: [], scopeKeys, scan }, q);
    const rows = this.detection.allFindings(u, id, filter);
    const first = await rows.next(); // a missing run answers 404 before any header is sent
    async function* all() {
      if (!first.done) yield first.value;
      yield* rows;
    }
    res.setHeader(LOAN_HEADER, loanId);
    res.setHeader('Content-Disposition', `attachment; filename="suspicious-list-${id}.${format}"`);
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      for await (const chunk of findingListCsv(all())) res.write(chunk);
      res.end();
    } else {
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      await findingListXlsx(all(), res);
    }
  }

  @Post('payer-exceptions')
  @Roles('compliance')
  @ApiOperation({ summary: 'Approve premiums from a third party account for a policy (Art. 11 exception)' })
  @ApiCreatedResponse({ type: PayerExceptionViewDto })
  @ApiErrors(400, 404)
  addException(@CurrentUser() u: Principal, @Body() dto: PayerExceptionDto): Promise<PayerExceptionViewDto> {
    return this.detection.addPayerException(u, dto.policyNumber, dto.reason);
  }
}
