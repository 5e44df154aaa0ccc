import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DETECTION_RULES,
  FINDING_CHANGES,
  RUN_STATUSES,
  RUN_TRIGGERS,
} from '../../../../../libs/contracts/src/detection.contract';
import { CASE_STATES } from '../../../../../libs/contracts/src/case.contract';
import { CHANNELS } from '../../../../../libs/domain/src/policy-application';

export class RuleCountsDto {
  @ApiProperty({ type: 'integer' }) findings!: number;
  @ApiProperty({ type: 'integer' }) new!: number;
  @ApiProperty({ type: 'integer' }) grown!: number;
}

/** A run's counts by rule: one entry for each rule the run has detected so far. */
export class RunCountsDto {}
for (const rule of DETECTION_RULES) ApiPropertyOptional({ type: RuleCountsDto })(RunCountsDto.prototype, rule);

export class DetectionRunViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RUN_TRIGGERS }) trigger!: (typeof RUN_TRIGGERS)[number];
  @ApiProperty() full!: boolean;
  @ApiProperty({ enum: RUN_STATUSES }) status!: (typeof RUN_STATUSES)[number];
  @ApiProperty() startedAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) durationMs!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'null: everything was checked' }) watermarkFrom!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) watermarkTo!: string | null;
  @ApiProperty({ example: '2026-11-23', description: 'the branch-local date whose list this run publishes' })
  businessDate!: string;
  @ApiProperty() published!: boolean;
  @ApiProperty({ type: RunCountsDto }) counts!: RunCountsDto;
  @ApiProperty({ type: 'integer' }) casesOpened!: number;
  @ApiProperty({ type: 'integer' }) casesTold!: number;
  @ApiProperty({ type: 'integer' }) reconciled!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

/** One line of the suspicious list (可疑客户信息资料问题件清单), customers masked. */
export class FindingListRowDto {
  @ApiProperty() findingKey!: string;
  @ApiProperty({ enum: DETECTION_RULES }) rule!: (typeof DETECTION_RULES)[number];
  @ApiProperty({ enum: FINDING_CHANGES }) change!: (typeof FINDING_CHANGES)[number];
  @ApiProperty({ type: [String], description: 'name and masked ID number of each customer' }) customers!: string[];
  @ApiProperty({
    description:
      'true when a policy of the line is confidential (机密/绝密) and the reader holds no access request for it: customers is then empty',
  })
  withheld!: boolean;
  @ApiProperty({ type: [String] }) policyNumbers!: string[];
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty({ type: String, nullable: true }) sellerCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseId!: string | null;
  @ApiProperty({ enum: CASE_STATES, nullable: true }) caseState!: string | null;
  @ApiProperty({ type: String, nullable: true }) investigationDueAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) revisitDeadlineAt!: string | null;
}

export class PayerExceptionViewDto {
  @ApiProperty() policyNumber!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() approvedBy!: string;
}
