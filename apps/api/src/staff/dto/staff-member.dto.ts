import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../auth/principal';

export class StaffMemberDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ description: "'*' for every branch" }) branchCode!: string;
  @ApiProperty() active!: boolean;
}
