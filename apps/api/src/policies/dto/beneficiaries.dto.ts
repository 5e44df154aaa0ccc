import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import { MAX_BENEFICIARIES } from '../../../../../libs/domain/src/inquiry/beneficiaries';
import { BeneficiaryDto, HasValidBeneficiaryList } from '../../../../../libs/intake/src';
import { StoredBeneficiaryDto } from './policy-responses.dto';

/** The body of `PUT /api/policies/{policyNumber}/beneficiaries`: the whole list, replacing the one stored. */
export class BeneficiariesDto {
  @ApiProperty({
    type: [BeneficiaryDto],
    description: `at most ${MAX_BENEFICIARIES}, shares summing to 100; an empty list: the legal heirs`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_BENEFICIARIES)
  @ValidateNested({ each: true })
  @Type(() => BeneficiaryDto)
  @HasValidBeneficiaryList()
  beneficiaries!: BeneficiaryDto[];
}

export class BeneficiariesAnswerDto {
  @ApiProperty() policyNumber!: string;
  @ApiProperty({ type: [StoredBeneficiaryDto], description: 'as stored now, masked as the policy view masks them' })
  beneficiaries!: StoredBeneficiaryDto[];
}
