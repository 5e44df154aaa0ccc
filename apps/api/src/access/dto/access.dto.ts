import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  ACCESS_OBJECT_KINDS,
  ACCESS_REQUEST_STATUSES,
  CONFIDENTIALITY_LEVELS,
  DEFAULT_ACCESS_DAYS,
  MAX_ACCESS_DAYS,
  type AccessObjectKind,
  type AccessRequestStatus,
  type Confidentiality,
} from '../../../../../libs/domain/src/access/access-rules';
import { PageMetaDto, PageQuery } from '../../common/paging';
import { queryBoolean } from '../../common/params';

/** The bodies, query strings and answers of access requests and confidentiality levels (doc 4). */

const NULLABLE = { type: String, nullable: true } as const;

function Text(max: number): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(max)(target, key);
    Matches(/\S/, { message: `${String(key)} may not be blank` })(target, key);
  };
}

export class CreateAccessRequestDto {
  @ApiProperty({ enum: ACCESS_OBJECT_KINDS, description: 'a policy (its parties’ record) or an evidence file' })
  @IsIn(ACCESS_OBJECT_KINDS)
  objectKind!: AccessObjectKind;

  @ApiProperty({ maxLength: 64, description: 'the policy number, or the evidence id' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'objectId must be a policy number or an evidence id' })
  objectId!: string;

  @ApiProperty({ maxLength: 200, description: 'what the record is needed for (e.g. the case or complaint)' })
  @Text(200)
  purpose!: string;

  @ApiProperty({ maxLength: 2000, description: 'why the reader needs this record' })
  @Text(2000)
  reason!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_ACCESS_DAYS, default: DEFAULT_ACCESS_DAYS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ACCESS_DAYS)
  days?: number;
}

export class RejectAccessRequestDto {
  @ApiProperty({ maxLength: 2000 })
  @Text(2000)
  reason!: string;
}

export class SetConfidentialityDto {
  @ApiProperty({ enum: CONFIDENTIALITY_LEVELS })
  @IsIn(CONFIDENTIALITY_LEVELS)
  level!: Confidentiality;

  @ApiProperty({ maxLength: 2000, description: 'why the level changes' })
  @Text(2000)
  reason!: string;
}

export class ListAccessRequestsQuery extends PageQuery(200, 50) {
  @ApiPropertyOptional({ enum: ACCESS_REQUEST_STATUSES })
  @IsOptional()
  @IsIn(ACCESS_REQUEST_STATUSES)
  status?: AccessRequestStatus;

  @ApiPropertyOptional({ description: "'true': only the caller's own requests (approvers see their scope's too)" })
  @IsOptional()
  @Transform(queryBoolean)
  @IsIn([true, false], { message: 'mine must be true or false' })
  mine?: boolean;
}

export class AccessRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ACCESS_OBJECT_KINDS }) objectKind!: AccessObjectKind;
  @ApiProperty() objectId!: string;
  @ApiProperty({ enum: ['confidential', 'top_secret'] }) level!: 'confidential' | 'top_secret';
  @ApiProperty() branchCode!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: 'integer' }) days!: number;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() requestedRole!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ enum: ACCESS_REQUEST_STATUSES }) status!: AccessRequestStatus;
  @ApiProperty({ description: 'approved and in force now' }) inForce!: boolean;
  @ApiProperty({ description: 'the approvals still missing', type: [String], enum: ['customer_service', 'compliance'] })
  awaiting!: Array<'customer_service' | 'compliance'>;
  @ApiProperty(NULLABLE) serviceApprovedBy!: string | null;
  @ApiProperty({ ...NULLABLE, format: 'date-time' }) serviceApprovedAt!: string | null;
  @ApiProperty(NULLABLE) complianceApprovedBy!: string | null;
  @ApiProperty({ ...NULLABLE, format: 'date-time' }) complianceApprovedAt!: string | null;
  @ApiProperty(NULLABLE) rejectedBy!: string | null;
  @ApiProperty({ ...NULLABLE, format: 'date-time' }) rejectedAt!: string | null;
  @ApiProperty(NULLABLE) rejectionReason!: string | null;
  @ApiProperty({ ...NULLABLE, format: 'date-time' }) validFrom!: string | null;
  @ApiProperty({ ...NULLABLE, format: 'date-time' }) validUntil!: string | null;
}

export class AccessRequestPageDto extends PageMetaDto {
  @ApiProperty({ type: [AccessRequestDto] }) items!: AccessRequestDto[];
}

export class ConfidentialityDto {
  @ApiProperty({ enum: ACCESS_OBJECT_KINDS }) objectKind!: AccessObjectKind;
  @ApiProperty() objectId!: string;
  @ApiProperty({ enum: CONFIDENTIALITY_LEVELS }) level!: Confidentiality;
}
