import { ApiProperty } from '@nestjs/swagger';
import { IMPORT_ISSUE_KINDS, IMPORT_KINDS, IMPORT_STATUSES } from '../../../../../libs/contracts/src/import.contract';

/** An import job and its progress. */
export class ImportViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: IMPORT_KINDS,
    description: 'policies: an upload; backlog: the self-check over stored policies (R10)',
  })
  kind!: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: 'integer' }) totalRows!: number;
  @ApiProperty({ type: 'integer' }) rowsRead!: number;
  @ApiProperty({ type: 'integer' }) accepted!: number;
  @ApiProperty({ type: 'integer' }) refused!: number;
  @ApiProperty({ type: 'integer' }) bad!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

/** One reason of one refused or malformed row of an import (the CSV report has the same columns). */
export class ReportLineDto {
  @ApiProperty({ type: 'integer', description: 'line of the upload, or the policy id for the backlog self-check' })
  line!: number;
  @ApiProperty({ enum: IMPORT_ISSUE_KINDS }) kind!: (typeof IMPORT_ISSUE_KINDS)[number];
  @ApiProperty({ type: String, nullable: true }) policyNumber!: string | null;
  @ApiProperty() field!: string;
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}
