import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RETENTION_RULES, type RetentionRule } from '../../../../../libs/domain/src/retention/retention-rules';
import { PageMetaDto, PageQuery } from '../../common/paging';
import { queryBoolean } from '../../common/params';

/** Legal holds and the destruction log (retention, machine-room rules). */

export class PlaceLegalHoldDto {
  @ApiProperty({ maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'policyNumber must be letters, digits and hyphens' })
  policyNumber!: string;

  @ApiProperty({ maxLength: 2000, description: 'the proceedings or inquiry the record is kept for' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason may not be blank' })
  reason!: string;
}

export class ListLegalHoldsQuery extends PageQuery(200, 50) {
  @ApiPropertyOptional({ description: "'true': holds in force; 'false': lifted ones" })
  @IsOptional()
  @Transform(queryBoolean)
  @IsIn([true, false], { message: 'active must be true or false' })
  active?: boolean;
}

export class LegalHoldDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() policyNumber!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() placedBy!: string;
  @ApiProperty({ format: 'date-time' }) placedAt!: string;
  @ApiProperty({ type: String, nullable: true }) liftedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) liftedAt!: string | null;
}

export class LegalHoldPageDto extends PageMetaDto {
  @ApiProperty({ type: [LegalHoldDto] }) items!: LegalHoldDto[];
}

export class ListDestructionLogQuery extends PageQuery(500, 100) {
  @ApiPropertyOptional({ enum: RETENTION_RULES })
  @IsOptional()
  @IsIn(RETENTION_RULES)
  rule?: RetentionRule;

  @ApiPropertyOptional({ maxLength: 200, description: 'one run of the retention workflow' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9:._-]+$/, { message: 'runId must be a workflow id' })
  runId?: string;
}

export class DestructionLogEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() runId!: string;
  @ApiProperty({ enum: RETENTION_RULES }) rule!: RetentionRule;
  @ApiProperty({ description: 'policy, inquiry_attempt or import_rows' }) recordKind!: string;
  @ApiProperty({ description: 'the record destroyed (a policy number, an import id) or the period' })
  recordRef!: string;
  @ApiProperty({ type: 'integer', description: 'rows removed with it' }) rows!: number;
  @ApiProperty({ format: 'date-time' }) destroyedAt!: string;
}

export class DestructionLogPageDto extends PageMetaDto {
  @ApiProperty({ type: [DestructionLogEntryDto] }) items!: DestructionLogEntryDto[];
}
