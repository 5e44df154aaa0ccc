import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CHAIN_BREAKS, type ChainBreak } from '../../../../../libs/persistence/src/audit/audit-chain';
import { PRINTABLE_TEXT } from '../../common/params';
import { PageMetaDto, PageQuery } from '../../common/paging';

/** The query strings and answers of the audit trail (R8); each bad field is a 400 naming it. */

const NULLABLE = { type: String, nullable: true } as const;

function Filter(what: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ maxLength: 200, description: `only entries of this ${what}` })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(200)(target, key);
    Matches(PRINTABLE_TEXT, { message: `${String(key)} may not hold control characters` })(target, key);
  };
}

function Instant(description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ format: 'date-time', description })(target, key);
    IsOptional()(target, key);
    IsISO8601({ strict: true }, { message: `${String(key)} must be an ISO 8601 date or date-time` })(target, key);
  };
}

export class AuditRangeQuery {
  @Instant('entries written at or after this instant (a date means its midnight UTC)')
  from?: string;

  @Instant('entries written at or before this instant')
  to?: string;
}

export class SearchAuditQuery extends PageQuery(200, 50) {
  @Filter('user') actorId?: string;
  @Filter('action, e.g. case.approve') action?: string;
  @Filter('entity type, e.g. case, policy') entityType?: string;
  @Filter('entity id') entityId?: string;

  @Instant('entries written at or after this instant')
  from?: string;

  @Instant('entries written at or before this instant')
  to?: string;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'the entry id' }) id!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'its position in the hash chain' }) seq!: number | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty() actorRole!: string;
  @ApiProperty() action!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ ...NULLABLE, description: 'SHA-256 of the record before the change' }) beforeHash!: string | null;
  @ApiProperty({ ...NULLABLE, description: 'SHA-256 of the record after the change' }) afterHash!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) detail!: Record<string, unknown> | null;
  @ApiProperty({ ...NULLABLE, description: "the chain link's hash" }) entryHash!: string | null;
}

export class AuditPageDto extends PageMetaDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
}

export class ChainBreakDto {
  @ApiProperty({ type: 'integer', nullable: true }) seq!: number | null;
  @ApiProperty(NULLABLE) auditId!: string | null;
  @ApiProperty({ enum: CHAIN_BREAKS })
  kind!: ChainBreak;
  @ApiProperty() detail!: string;
}

export class ChainVerificationDto {
  @ApiProperty({ description: 'no break found' }) ok!: boolean;
  @ApiProperty({ type: 'integer', description: 'links checked' }) checked!: number;
  @ApiProperty({ type: 'integer', nullable: true }) fromSeq!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) toSeq!: number | null;
  @ApiProperty({ type: 'integer', description: 'links in the whole chain' }) headSeq!: number;
  @ApiProperty({ type: 'integer', description: 'heads written outside the database, checked against the chain' })
  anchorsChecked!: number;
  @ApiProperty({ type: ChainBreakDto, nullable: true, description: 'the first broken link' })
  firstBreak!: ChainBreakDto | null;
}
