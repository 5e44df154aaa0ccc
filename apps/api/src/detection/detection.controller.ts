import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import { DETECTION_RULES } from '../../../../libs/contracts/src/detection.contract';
import { findingListCsv, findingListXlsx } from '../../../../libs/detection/src/finding-list-export';
import { CHANNELS } from '../../../../libs/domain/src/policy-application';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { PRINTABLE_TEXT, UuidParam } from '../common/params';
import { DetectionService } from './detection.service';

export class StartRunDto {
  @ApiPropertyOptional({ description: 'check everything (backlog self-check, R10) instead of what changed since the last run' })
  @IsOptional() @IsBoolean()
  full?: boolean;
}

export class FindingsQuery {
  @ApiPropertyOptional({ enum: DETECTION_RULES }) @IsOptional() @IsIn(DETECTION_RULES)
  rule?: string;

  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS)
  channel?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) @Matches(PRINTABLE_TEXT, { message: 'branch may not hold control characters' })
  branch?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';

  @ApiPropertyOptional({ description: 'JSON paging: the last findingKey of the previous page' }) @IsOptional() @IsString() @MaxLength(120)
  @Matches(PRINTABLE_TEXT, { message: 'after may not hold control characters' })
  after?: string;

  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  pageSize?: number;
}

export class PayerExceptionDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(40)
  policyNumber!: string;

  @ApiProperty({ description: 'why premiums may come from this third party (e.g. a parent paying for an adult child)' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  reason!: string;
}

const LIST_READERS = ['customer_service', 'compliance', 'admin', 'auditor', 'channel_manager'] as const;

@ApiTags('detection')
@ApiBearerAuth()
@Controller()
export class DetectionController {
  constructor(private readonly detection: DetectionService) {}

  @Post('detection/runs')
  @Roles('customer_service', 'admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start a detection run now; {"full": true} checks everything (backlog self-check)' })
  start(@CurrentUser() u: Principal, @Body() dto: StartRunDto) {
    return this.detection.start(u, dto.full ?? false);
  }

  @Get('detection/runs')
  @Roles(...LIST_READERS)
  list() {
    return this.detection.list();
  }

  @Get('detection/runs/:id')
  @Roles(...LIST_READERS)
  @ApiOperation({ summary: 'A run: counts by rule, duration, watermark, whether it published the day\'s list' })
  get(@Param() { id }: UuidParam) {
    return this.detection.get(id);
  }

  @Get('detection/runs/:id/findings')
  @Roles(...LIST_READERS)
  @ApiQuery({ name: 'format', enum: ['json', 'csv', 'xlsx'], required: false })
  @ApiOperation({ summary: 'The suspicious list of a run, in the caller scope, customers masked; JSON pages, CSV or XLSX whole' })
  async findings(@CurrentUser() u: Principal, @Param() { id }: UuidParam, @Query() q: FindingsQuery, @Res() res: Response): Promise<void> {
    const filter = { rule: q.rule, channel: q.channel, branch: q.branch };
    const format = q.format ?? 'json';
    if (format === 'json') {
      await this.detection.get(id);
      res.json(await this.detection.findings(u, id, filter, q.after ?? '', q.pageSize ?? 100));
      return;
    }
    const rows = this.detection.allFindings(u, id, filter);
    const first = await rows.next(); // a missing run answers 404 before any header is sent
    async function* all() {
      if (!first.done) yield first.value;
      yield* rows;
    }
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
  addException(@CurrentUser() u: Principal, @Body() dto: PayerExceptionDto) {
    return this.detection.addPayerException(u, dto.policyNumber, dto.reason);
  }
}
