import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DirectoryEntryDto } from './directory-entry.dto';

export class CreateAgencyDto extends DirectoryEntryDto {
  @ApiProperty({ example: '某某保险代理有限公司', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}

/** PUT: any subset of fields; the code in the path names the agency. */
export class UpdateAgencyDto extends PartialType(CreateAgencyDto) {}
