import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS } from '../../../../../libs/domain/src/policy-application';
import { SELLER_KINDS } from '../../../../../libs/persistence/src/entities';
import { FieldErrorDto } from '../../common/dto/error-response.dto';
import { PageMetaDto } from '../../common/paging';

/** What the directory answers: the stored row with its phone decrypted, never its hashes. */

/** What a seller and an agency both show. */
abstract class DirectoryEntryViewDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class AgencyViewDto extends DirectoryEntryViewDto {}

export class SellerViewDto extends DirectoryEntryViewDto {
  @ApiProperty({ enum: SELLER_KINDS }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) agencyCode!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2025-06-01',
    description: 'date the seller passed the form-filling test (Art. 10)',
  })
  qualifiedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) idType!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'always masked' }) idNumber!: string | null;
}

export class AgencyPageDto extends PageMetaDto {
  @ApiProperty({ type: [AgencyViewDto] }) items!: AgencyViewDto[];
}

export class SellerPageDto extends PageMetaDto {
  @ApiProperty({ type: [SellerViewDto], description: 'ID numbers masked, as in GET /api/sellers/{code}' })
  items!: SellerViewDto[];
}

export class CsvBadRowDto {
  @ApiProperty({ type: 'integer' }) line!: number;
  @ApiProperty({ type: String, nullable: true, description: 'the code cell of the row, if it has one' }) code!:
    string | null;
  @ApiProperty({ type: [FieldErrorDto] }) errors!: FieldErrorDto[];
}

export class CsvImportResultDto {
  @ApiProperty({ type: 'integer' }) rows!: number;
  @ApiProperty({ type: 'integer' }) accepted!: number;
  @ApiProperty({ type: [CsvBadRowDto] }) bad!: CsvBadRowDto[];
}
