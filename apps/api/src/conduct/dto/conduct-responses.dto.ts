import { ApiProperty } from '@nestjs/swagger';
import {
  CAMPAIGN_STATUSES,
  RECHECK_OUTCOMES,
  RECHECK_TASK_STATES,
  SUBJECT_KINDS,
} from '../../../../../libs/contracts/src/campaign.contract';
import { CASE_OUTCOMES, CASE_STATES, FINDING_RULES } from '../../../../../libs/contracts/src/case.contract';
import { PENALTY_KINDS } from '../../../../../libs/domain/src/conduct/conduct-rules';
import { CHANNELS } from '../../../../../libs/domain/src/policy-application';
import {
  COMPLAINT_KINDS,
  COMPLAINT_OUTCOMES,
  COMPLAINT_SOURCES,
} from '../../../../../libs/persistence/src/conduct/complaints';
import { INCIDENT_KINDS, REFERRAL_STATUSES } from '../../../../../libs/persistence/src/conduct/penalties';
import { CorrectionViewDto } from '../../cases/dto/case-responses.dto';

/** What the conduct endpoints answer (R6, R7). */

const NULLABLE = { type: String, nullable: true } as const;
const INT = { type: 'integer' } as const;

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty(NULLABLE) fileName!: string | null;
  @ApiProperty() contentType!: string;
  @ApiProperty(INT) sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex; the file is stored under it and never overwritten' })
  sha256!: string;
  @ApiProperty() uploadedBy!: string;
  @ApiProperty() uploadedAt!: string;
}

export class ComplaintDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SUBJECT_KINDS }) subjectKind!: string;
  @ApiProperty() subjectCode!: string;
  @ApiProperty() policyNumber!: string;
  @ApiProperty({ enum: CHANNELS, description: "the policy's sales channel (with branchCode, the complaint's scope)" })
  salesChannel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty({ enum: COMPLAINT_KINDS }) kind!: string;
  @ApiProperty({ example: '2026-11-20' }) receivedDate!: string;
  @ApiProperty({ enum: COMPLAINT_SOURCES, description: 'how the complaint came in' }) channel!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() registeredBy!: string;
  @ApiProperty() registeredAt!: string;
  @ApiProperty({ enum: COMPLAINT_OUTCOMES, nullable: true, type: String }) outcome!: string | null;
  @ApiProperty(NULLABLE) outcomeReason!: string | null;
  @ApiProperty(NULLABLE) verifiedBy!: string | null;
  @ApiProperty(NULLABLE) verifiedAt!: string | null;
  @ApiProperty({ ...NULLABLE, description: 'the re-check campaign the complaint counts toward' })
  campaignId!: string | null;
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
}

export class ComplaintPageDto {
  @ApiProperty({ type: [ComplaintDto] }) items!: ComplaintDto[];
  @ApiProperty(INT) page!: number;
  @ApiProperty(INT) pageSize!: number;
  @ApiProperty(INT) total!: number;
}

export class CampaignResultDto {
  @ApiProperty(INT) policies!: number;
  @ApiProperty(INT) confirmed!: number;
  @ApiProperty(INT) corrected!: number;
  @ApiProperty(INT) falseData!: number;
  @ApiProperty(INT) casesOpened!: number;
}

export class CampaignTaskCountsDto {
  @ApiProperty(INT) total!: number;
  @ApiProperty(INT) open!: number;
  @ApiProperty({ ...INT, description: 'open and past their deadline' }) overdue!: number;
}

export class CampaignDto {
  @ApiProperty() campaignId!: string;
  @ApiProperty({ enum: SUBJECT_KINDS }) subjectKind!: string;
  @ApiProperty() subjectCode!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty({ type: [String] }) complaintIds!: string[];
  @ApiProperty({ example: '2026-01-10' }) windowStart!: string;
  @ApiProperty({ example: '2027-01-09' }) windowEnd!: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: string;
  @ApiProperty() startedAt!: string;
  @ApiProperty(NULLABLE) finishedAt!: string | null;
  @ApiProperty({ type: CampaignResultDto, nullable: true }) result!: CampaignResultDto | null;
  @ApiProperty({ type: CampaignTaskCountsDto }) tasks!: CampaignTaskCountsDto;
}

export class CampaignPageDto {
  @ApiProperty({ type: [CampaignDto] }) items!: CampaignDto[];
  @ApiProperty(INT) page!: number;
  @ApiProperty(INT) pageSize!: number;
  @ApiProperty(INT) total!: number;
}

export class RecheckTaskDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty() campaignId!: string;
  @ApiProperty() policyNumber!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty({ enum: RECHECK_TASK_STATES }) state!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() reminded!: boolean;
  @ApiProperty() escalated!: boolean;
  @ApiProperty({ enum: RECHECK_OUTCOMES, nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) revisitMade!: boolean | null;
  @ApiProperty(NULLABLE) revisitResult!: string | null;
  @ApiProperty({
    type: [CorrectionViewDto],
    nullable: true,
    description: 'values masked by field unless the role needs them whole',
  })
  corrections!: CorrectionViewDto[] | null;
  @ApiProperty({ ...NULLABLE, description: 'the case false data opened' }) caseId!: string | null;
  @ApiProperty(NULLABLE) doneBy!: string | null;
  @ApiProperty(NULLABLE) doneAt!: string | null;
}

export class RecheckTaskPageDto {
  @ApiProperty({ type: [RecheckTaskDto] }) items!: RecheckTaskDto[];
  @ApiProperty(INT) page!: number;
  @ApiProperty(INT) pageSize!: number;
  @ApiProperty(INT) total!: number;
}

export class CampaignDetailDto extends CampaignDto {
  @ApiProperty({
    type: [RecheckTaskDto],
    description: 'the first 500 tasks, open ones first, soonest due first (GET /api/recheck-tasks?campaignId= pages)',
  })
  taskList!: RecheckTaskDto[];
}

export class PenaltyProposalDto {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ description: 'the case closed FALSE_INFO_CONFIRMED that made it' }) caseId!: string;
  @ApiProperty({ enum: SUBJECT_KINDS }) subjectKind!: string;
  @ApiProperty() subjectCode!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ ...NULLABLE, description: 'the penalty that decided it; null while open' }) penaltyId!: string | null;
}

export class PenaltyProposalPageDto {
  @ApiProperty({ type: [PenaltyProposalDto] }) items!: PenaltyProposalDto[];
  @ApiProperty(INT) page!: number;
  @ApiProperty(INT) pageSize!: number;
  @ApiProperty(INT) total!: number;
}

export class PenaltyDto {
  @ApiProperty({ format: 'uuid' }) penaltyId!: string;
  @ApiProperty({ enum: SUBJECT_KINDS }) subjectKind!: string;
  @ApiProperty() subjectCode!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty({ enum: PENALTY_KINDS }) kind!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan' }) amount!: number | null;
  @ApiProperty({ example: '2026Q4' }) assessmentPeriod!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [String] }) caseIds!: string[];
  @ApiProperty(NULLABLE) campaignId!: string | null;
  @ApiProperty(NULLABLE) proposalId!: string | null;
  @ApiProperty() decidedBy!: string;
  @ApiProperty() decidedAt!: string;
}

export class PenaltyPageDto {
  @ApiProperty({ type: [PenaltyDto] }) items!: PenaltyDto[];
  @ApiProperty(INT) page!: number;
  @ApiProperty(INT) pageSize!: number;
  @ApiProperty(INT) total!: number;
}

export class AgencyIncidentDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty() agencyCode!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty({ enum: INCIDENT_KINDS }) kind!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) caseIds!: string[];
  @ApiProperty() recordedBy!: string;
  @ApiProperty() recordedAt!: string;
}

export class AgencyIncidentPageDto {
  @ApiProperty({ type: [AgencyIncidentDto] }) items!: AgencyIncidentDto[];
  @ApiProperty(INT) page!: number;
  @ApiProperty(INT) pageSize!: number;
  @ApiProperty(INT) total!: number;
}

export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ enum: SUBJECT_KINDS }) subjectKind!: string;
  @ApiProperty() subjectCode!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty() opinion!: string;
  @ApiProperty({ type: [String] }) caseIds!: string[];
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: string;
  @ApiProperty() referredBy!: string;
  @ApiProperty() referredAt!: string;
  @ApiProperty(NULLABLE) decision!: string | null;
  @ApiProperty(NULLABLE) decidedBy!: string | null;
  @ApiProperty(NULLABLE) decidedAt!: string | null;
}

export class ReferralPageDto {
  @ApiProperty({ type: [ReferralDto] }) items!: ReferralDto[];
  @ApiProperty(INT) page!: number;
  @ApiProperty(INT) pageSize!: number;
  @ApiProperty(INT) total!: number;
}

export class SubjectCaseDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: FINDING_RULES }) rule!: string;
  @ApiProperty({ enum: CASE_STATES }) state!: string;
  @ApiProperty({ enum: CASE_OUTCOMES, nullable: true, type: String }) outcome!: string | null;
  @ApiProperty() openedAt!: string;
  @ApiProperty(NULLABLE) closedAt!: string | null;
  @ApiProperty({ description: 'one of its policies was sold by the seller or agency' }) soldBy!: boolean;
  @ApiProperty({ description: 'its result names the seller or agency as responsible for false data' }) named!: boolean;
}

export class ConductSubjectDto {
  @ApiProperty({ enum: SUBJECT_KINDS }) kind!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty() active!: boolean;
}

export class ConductHistoryDto {
  @ApiProperty({ type: ConductSubjectDto }) subject!: ConductSubjectDto;
  @ApiProperty({ type: [ComplaintDto], description: 'newest received first (up to 200)' }) complaints!: ComplaintDto[];
  @ApiProperty({ type: [SubjectCaseDto], description: 'newest first (up to 200)' }) cases!: SubjectCaseDto[];
  @ApiProperty({ type: [CampaignDto] }) campaigns!: CampaignDto[];
  @ApiProperty({ type: [PenaltyDto] }) penalties!: PenaltyDto[];
  @ApiProperty({ type: [PenaltyProposalDto] }) proposals!: PenaltyProposalDto[];
  @ApiProperty({ type: [ReferralDto] }) referrals!: ReferralDto[];
  @ApiProperty({ type: [AgencyIncidentDto], description: 'agencies only; empty for a seller' })
  incidents!: AgencyIncidentDto[];
}
