import { ApiProperty } from '@nestjs/swagger';
import { CASE_OUTCOMES } from '../../../../../libs/contracts/src/case.contract';
import { REPORT_DATA_FORMAT } from '../../../../../libs/contracts/src/report.contract';

const SUBJECT_KINDS = ['seller', 'agency'];
const NullableString = { type: String, nullable: true } as const;
const Int = { type: 'integer' } as const;

export class ReportHeaderDto {
  @ApiProperty({ example: '客户信息真实性管理季度报告' }) title!: string;
  @ApiProperty({ example: 'GZ01' }) branchCode!: string;
  @ApiProperty({ example: '2026Q3' }) quarter!: string;
  @ApiProperty({ example: '2026-07-01', description: 'first day (Asia/Shanghai)' }) periodFirstDay!: string;
  @ApiProperty({ example: '2026-09-30', description: 'last day, inclusive' }) periodLastDay!: string;
  @ApiProperty({ example: '2026-10-07T22:00:00.000Z' }) generatedAt!: string;
  @ApiProperty({ example: 'system', description: "the user who generated it, or 'system' for the schedule" })
  generatedBy!: string;
  @ApiProperty(Int) version!: number;
  @ApiProperty({ ...NullableString, format: 'uuid' }) replacesId!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) replacesVersion!: number | null;
  @ApiProperty(NullableString) correctionNote!: string | null;
}

export class FalseInfoSellerRowDto {
  @ApiProperty() sellerCode!: string;
  @ApiProperty({ ...NullableString, description: 'null when the code is not in the directory' })
  sellerName!: string | null;
  @ApiProperty() channel!: string;
  @ApiProperty(NullableString) agencyCode!: string | null;
  @ApiProperty({ type: [String], description: 'cases closed FALSE_INFO_CONFIRMED naming the seller' })
  caseIds!: string[];
}

export class AgencyRowDto {
  @ApiProperty() agencyCode!: string;
  @ApiProperty(NullableString) agencyName!: string | null;
  @ApiProperty() channel!: string;
  @ApiProperty({ ...Int, description: 'incidents recorded in the quarter: refused to give true data' })
  refusedTrueData!: number;
  @ApiProperty({ ...Int, description: 'incidents recorded in the quarter: gave false data' })
  providedFalseData!: number;
  @ApiProperty({ type: [String] }) falseInfoCaseIds!: string[];
  @ApiProperty({ type: [String] }) incidentCaseIds!: string[];
}

export class AgencyIncidentRowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() agencyCode!: string;
  @ApiProperty(NullableString) agencyName!: string | null;
  @ApiProperty() channel!: string;
  @ApiProperty({ enum: ['refused_true_data', 'provided_false_data'] }) kind!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) caseIds!: string[];
  @ApiProperty() recordedAt!: string;
}

export class PenaltyRowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SUBJECT_KINDS }) subjectKind!: string;
  @ApiProperty() subjectCode!: string;
  @ApiProperty(NullableString) subjectName!: string | null;
  @ApiProperty() channel!: string;
  @ApiProperty({ enum: ['warning', 'commission_deduction', 'grade_demotion', 'contract_termination', 'other'] })
  kind!: string;
  @ApiProperty({ ...NullableString, example: '5000.00', description: 'CNY, two decimals' }) amount!: string | null;
  @ApiProperty() assessmentPeriod!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [String] }) caseIds!: string[];
  @ApiProperty(NullableString) campaignId!: string | null;
  @ApiProperty() decidedBy!: string;
  @ApiProperty() decidedAt!: string;
}

export class ReferralRowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SUBJECT_KINDS }) subjectKind!: string;
  @ApiProperty() subjectCode!: string;
  @ApiProperty(NullableString) subjectName!: string | null;
  @ApiProperty() channel!: string;
  @ApiProperty() opinion!: string;
  @ApiProperty({ type: [String] }) caseIds!: string[];
  @ApiProperty() referredAt!: string;
  @ApiProperty({ enum: ['REFERRED', 'DECIDED'], description: "at the quarter's end" }) status!: string;
  @ApiProperty(NullableString) decision!: string | null;
  @ApiProperty(NullableString) decidedAt!: string | null;
}

export class FindingsByRuleRowDto {
  @ApiProperty() rule!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({ ...Int, description: "distinct findings on the quarter's completed suspicious lists" })
  findings!: number;
}

export class ClosedByOutcomeDto {}
for (const outcome of CASE_OUTCOMES) ApiProperty({ type: 'integer' })(ClosedByOutcomeDto.prototype, outcome);

export class CaseFiguresRowDto {
  @ApiProperty({ description: "'*' in the total" }) branchCode!: string;
  @ApiProperty({ description: "'*' in the total" }) channel!: string;
  @ApiProperty(Int) opened!: number;
  @ApiProperty(Int) closed!: number;
  @ApiProperty({ type: ClosedByOutcomeDto }) closedByOutcome!: Record<string, number>;
  @ApiProperty({ ...Int, description: 'escalated to compliance in the quarter (distribution or investigation)' })
  escalated!: number;
  @ApiProperty({ ...Int, description: 'closed in the quarter without an investigation escalation' })
  closedWithinSla!: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.8333, description: 'closedWithinSla / closed; null if 0' })
  slaRate!: number | null;
  @ApiProperty({ ...Int, description: 'cooling-off periods that ended in the quarter with the case open' })
  coolingOffBreaches!: number;
}

export class ReportFiguresDto {
  @ApiProperty({ type: [FindingsByRuleRowDto] }) findingsByRule!: FindingsByRuleRowDto[];
  @ApiProperty({ type: [CaseFiguresRowDto] }) cases!: CaseFiguresRowDto[];
  @ApiProperty({ type: CaseFiguresRowDto }) casesTotal!: CaseFiguresRowDto;
}

export class CampaignRowDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SUBJECT_KINDS }) subjectKind!: string;
  @ApiProperty() subjectCode!: string;
  @ApiProperty(NullableString) subjectName!: string | null;
  @ApiProperty() channel!: string;
  @ApiProperty(Int) complaints!: number;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ enum: ['RUNNING', 'COMPLETED'], description: "at the quarter's end" }) status!: string;
  @ApiProperty(NullableString) finishedAt!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the recorded result (counts, corrections, cases opened) when completed by the quarter end',
  })
  result!: unknown;
}

export class QuarterlyReportDataDto {
  @ApiProperty({ enum: [REPORT_DATA_FORMAT], description: 'version of this shape' }) format!: number;
  @ApiProperty({ type: ReportHeaderDto }) header!: ReportHeaderDto;
  @ApiProperty({ type: [FalseInfoSellerRowDto] }) falseInfoSellers!: FalseInfoSellerRowDto[];
  @ApiProperty({ type: [AgencyRowDto] }) agencies!: AgencyRowDto[];
  @ApiProperty({ type: [AgencyIncidentRowDto] }) agencyIncidents!: AgencyIncidentRowDto[];
  @ApiProperty({ type: [PenaltyRowDto] }) penalties!: PenaltyRowDto[];
  @ApiProperty({ type: [ReferralRowDto] }) referrals!: ReferralRowDto[];
  @ApiProperty({ type: ReportFiguresDto }) figures!: ReportFiguresDto;
  @ApiProperty({ type: [CampaignRowDto] }) campaigns!: CampaignRowDto[];
}

export class ReportSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026Q3' }) quarter!: string;
  @ApiProperty({ example: 'GZ01' }) branchCode!: string;
  @ApiProperty(Int) version!: number;
  @ApiProperty({ ...NullableString, format: 'uuid', description: 'the version this one corrects' })
  replacesId!: string | null;
  @ApiProperty({ ...NullableString, format: 'uuid', description: 'the newer version that corrects this one' })
  replacedById!: string | null;
  @ApiProperty() generatedBy!: string;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the canonical JSON of data (object keys sorted)' })
  contentSha256!: string;
  @ApiProperty(NullableString) correctionNote!: string | null;
  @ApiProperty(NullableString) filedAt!: string | null;
  @ApiProperty(NullableString) filedTo!: string | null;
  @ApiProperty(NullableString) filedBy!: string | null;
}

export class ReportDetailDto extends ReportSummaryDto {
  @ApiProperty({ type: QuarterlyReportDataDto, description: 'the snapshot, exactly as stored and hashed' })
  data!: QuarterlyReportDataDto;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportSummaryDto] }) items!: ReportSummaryDto[];
  @ApiProperty(Int) page!: number;
  @ApiProperty(Int) pageSize!: number;
  @ApiProperty(Int) total!: number;
}
