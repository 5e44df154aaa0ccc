import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_OUTCOMES,
  CASE_STATES,
  CORRECTION_FIELDS,
  EVIDENCE_TYPES,
  FINDING_RULES,
} from '../../../../../libs/contracts/src/case.contract';
import { CONFIDENTIALITY_LEVELS, type Confidentiality } from '../../../../../libs/domain/src/access/access-rules';
import { CHANNELS, ID_TYPES } from '../../../../../libs/domain/src/policy-application';
import { PageMetaDto } from '../../common/paging';

/** The case read model (CaseView in libs/contracts) and the other answers of the cases endpoints. */

const NULLABLE_TIME = { type: String, nullable: true } as const;

export class CasePolicyDto {
  @ApiProperty() policyNumber!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty({ type: String, nullable: true }) sellerCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) agencyCode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'YYYY-MM-DD, null until the delivery receipt is signed' })
  receiptSignedDate!: string | null;
  @ApiProperty({ type: 'integer' }) coolingOffDays!: number;
}

export class CaseDeadlinesDto {
  @ApiProperty(NULLABLE_TIME) distributionDueAt!: string | null;
  @ApiProperty(NULLABLE_TIME) distributionReminderAt!: string | null;
  @ApiProperty(NULLABLE_TIME) investigationDueAt!: string | null;
  @ApiProperty(NULLABLE_TIME) reminderAt!: string | null;
  @ApiProperty(NULLABLE_TIME) revisitDeadlineAt!: string | null;
  @ApiProperty(NULLABLE_TIME) coolingOffEndsAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) coolingOffPolicy!: string | null;
}

export class EvidenceRefDto {
  @ApiProperty() evidenceId!: string;
  @ApiProperty({ enum: EVIDENCE_TYPES }) type!: (typeof EVIDENCE_TYPES)[number];
  @ApiProperty() sha256!: string;
  @ApiProperty() uploadedBy!: string;
  @ApiProperty({ type: String, nullable: true }) signedBy!: string | null;
  @ApiProperty() at!: string;
}

/** A recorded correction; old and new values masked by field unless the role needs them whole. */
export class CorrectionViewDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: CORRECTION_FIELDS }) field!: (typeof CORRECTION_FIELDS)[number];
  @ApiProperty() oldValue!: string;
  @ApiProperty() newValue!: string;
  @ApiPropertyOptional({ enum: ID_TYPES }) idType?: string;
}

export class CaseSubmissionDto {
  @ApiProperty({ enum: CASE_OUTCOMES }) outcome!: (typeof CASE_OUTCOMES)[number];
  @ApiProperty() summary!: string;
  @ApiPropertyOptional({ type: [CorrectionViewDto] }) corrections?: CorrectionViewDto[];
  @ApiPropertyOptional() policyCancelled?: boolean;
  @ApiPropertyOptional() responsibleSellerCode?: string;
  @ApiPropertyOptional() responsibleAgencyCode?: string;
  @ApiProperty() submittedBy!: string;
}

export class CaseViewDto {
  @ApiProperty() caseId!: string;
  @ApiProperty() findingKey!: string;
  @ApiProperty({ enum: CASE_STATES }) state!: (typeof CASE_STATES)[number];
  @ApiProperty({ enum: FINDING_RULES }) rule!: (typeof FINDING_RULES)[number];
  @ApiProperty({ enum: CHANNELS, description: 'the responsible channel' }) channel!: string;
  @ApiProperty({ description: 'the responsible branch' }) branchCode!: string;
  @ApiProperty({ type: String, nullable: true }) sellerCode!: string | null;
  @ApiProperty({ type: [String] }) customerIds!: string[];
  @ApiProperty({ type: [CasePolicyDto] }) policies!: CasePolicyDto[];
  @ApiProperty({ type: [String] }) policyNumbers!: string[];
  @ApiProperty({ description: 'the policy that raised the finding' }) raisedBy!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ type: String, nullable: true }) assigneeId!: string | null;
  @ApiProperty({ type: [String] }) investigators!: string[];
  @ApiProperty() takenOverByCustomerService!: boolean;
  @ApiProperty() assistRequested!: boolean;
  @ApiProperty({ type: String, nullable: true }) complianceSupervisorId!: string | null;
  @ApiProperty() escalated!: boolean;
  @ApiProperty() urgent!: boolean;
  @ApiProperty() coolingOffBreached!: boolean;
  @ApiProperty() reminderSent!: boolean;
  @ApiProperty({ enum: CASE_OUTCOMES, nullable: true }) outcome!: (typeof CASE_OUTCOMES)[number] | null;
  @ApiProperty({ type: CaseSubmissionDto, nullable: true }) submission!: CaseSubmissionDto | null;
  @ApiProperty({ type: CaseDeadlinesDto }) deadlines!: CaseDeadlinesDto;
  @ApiProperty({ type: String, nullable: true, description: 'the earliest open deadline' }) dueAt!: string | null;
  @ApiProperty({ type: [EvidenceRefDto] }) evidence!: EvidenceRefDto[];
  @ApiProperty({ type: String, nullable: true }) lastRejection!: string | null;
  @ApiProperty({ type: 'integer', description: 'the number of the last event' }) seq!: number;
}

export class CasePageDto extends PageMetaDto {
  @ApiProperty({ type: [CaseViewDto] }) items!: CaseViewDto[];
  @ApiProperty({
    description: 'true when more cases match than CASE_LIST_COUNT_CAP: total is then that cap, a lower bound',
  })
  totalCapped!: boolean;
}

export class CaseTimelineEntryDto {
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail!: Record<string, unknown>;
}

export class CaseEvidenceDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: EVIDENCE_TYPES }) type!: (typeof EVIDENCE_TYPES)[number];
  @ApiProperty() sha256!: string;
  @ApiProperty({ type: 'integer' }) size!: number;
  @ApiProperty() mediaType!: string;
  @ApiProperty({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty() uploadedBy!: string;
  @ApiProperty() uploadedAt!: string;
  @ApiProperty({ type: String, nullable: true }) signedBy!: string | null;
  @ApiProperty(NULLABLE_TIME) signedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) keyId!: string | null;
  @ApiProperty({
    enum: CONFIDENTIALITY_LEVELS,
    description: '机密 and 绝密 files download with an approved access request',
  })
  confidentiality!: Confidentiality;
}

export class CaseDetailDto {
  @ApiProperty({ type: CaseViewDto }) view!: CaseViewDto;
  @ApiProperty({ type: [CaseTimelineEntryDto] }) timeline!: CaseTimelineEntryDto[];
  @ApiProperty({ type: [CaseEvidenceDto] }) evidence!: CaseEvidenceDto[];
}

export const TASK_NAMES = [
  'distribute',
  'assign',
  'claim',
  'verify',
  'record_assist',
  'supervise_escalation',
  'investigate',
] as const;

export class CaseTaskDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: TASK_NAMES }) task!: string;
  @ApiProperty({ enum: CASE_STATES }) state!: string;
  @ApiProperty(NULLABLE_TIME) dueAt!: string | null;
}

export class NotificationDto {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() message!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'the caller, or a role mailbox role@branch/channel' }) recipient!: string;
}
