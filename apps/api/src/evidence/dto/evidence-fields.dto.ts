import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { EVIDENCE_TYPES, EvidenceType } from '../../../../../libs/contracts/src/case.contract';

export class EvidenceFieldsDto {
  @ApiProperty({ enum: EVIDENCE_TYPES })
  @IsIn(EVIDENCE_TYPES)
  type!: EvidenceType;

  @ApiPropertyOptional({ description: 'id of an earlier file this one replaces (the old one is kept)' })
  @IsOptional()
  @IsUUID()
  supersedes?: string;
}
