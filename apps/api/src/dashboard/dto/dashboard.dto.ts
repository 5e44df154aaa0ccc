import { ApiProperty } from '@nestjs/swagger';
import { DETECTION_RULES } from '../../../../../libs/contracts/src/detection.contract';

export class DashboardScopeDto {
  @ApiProperty({ example: 'GZ01' })
  branchCode!: string;

  @ApiProperty({ example: 'agency' })
  channel!: string;

  @ApiProperty({ description: 'cases not closed, responsible in this branch and channel' })
  open!: number;

  @ApiProperty({ description: 'open cases whose earliest deadline falls later today (Asia/Shanghai)' })
  dueToday!: number;

  @ApiProperty({ description: 'open cases whose earliest deadline has passed' })
  overdue!: number;

  @ApiProperty({ description: 'open cases escalated to compliance (a distribution or investigation deadline missed)' })
  escalated!: number;

  @ApiProperty({ description: 'open cases still open after the cooling-off period ended' })
  coolingOffBreaches!: number;
}

export class DashboardSlaWeekDto {
  @ApiProperty({ example: '2026-W49', description: 'ISO week (Asia/Shanghai)' })
  week!: string;

  @ApiProperty({ description: 'cases closed that week' })
  closed!: number;

  @ApiProperty({ description: 'of those, cases never escalated for a missed investigation deadline' })
  withinSla!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.75,
    description: 'withinSla / closed, 4 decimals; null when none closed',
  })
  rate!: number | null;
}

export class DashboardFindingsDto {
  @ApiProperty({ example: '2026-12-02', description: 'business date of the detection runs' })
  date!: string;

  @ApiProperty({ enum: DETECTION_RULES })
  rule!: string;

  @ApiProperty({ description: "findings on that date's suspicious lists" })
  count!: number;
}

export class DashboardDto {
  @ApiProperty({ example: '2026-12-02T01:00:00.000Z' })
  generatedAt!: string;

  @ApiProperty({ type: [DashboardScopeDto], description: 'by responsible branch and channel, in the caller scope' })
  byScope!: DashboardScopeDto[];

  @ApiProperty({ type: [DashboardSlaWeekDto], description: 'the last 12 ISO weeks, oldest first' })
  slaByWeek!: DashboardSlaWeekDto[];

  @ApiProperty({ type: [DashboardFindingsDto], description: 'the last 30 business dates with findings, by rule' })
  findingsByRule!: DashboardFindingsDto[];
}
