import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { AreaCodeEntry } from '../../../../../libs/domain/src/identity/area-codes';

/** [name, firstYear, lastYear]: a year is null when unknown (first) or when the code is still in force (last). */
const ENTRY: SchemaObject = {
  type: 'array',
  minItems: 3,
  maxItems: 3,
  items: { oneOf: [{ type: 'string' }, { type: 'integer', nullable: true }] },
};

export class AdminAreaCodeDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', nullable: true }) firstYear!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) lastYear!: number | null;
  @ApiProperty() source!: string;
  @ApiProperty() changedBy!: string;
  @ApiProperty() changedAt!: string;
}

export class AreaCodeViewDto {
  @ApiProperty({ example: '350427' }) code!: string;
  @ApiProperty({
    type: 'array',
    items: ENTRY,
    description: 'what the ID checks use: the admin row when there is one, else the shipped entries',
  })
  entries!: readonly AreaCodeEntry[];
  @ApiProperty({
    type: 'array',
    items: ENTRY,
    nullable: true,
    description: 'the shipped entries, null when the code is not shipped',
  })
  shipped!: readonly AreaCodeEntry[] | null;
  @ApiProperty({ type: AdminAreaCodeDto, nullable: true }) admin!: AdminAreaCodeDto | null;
}
