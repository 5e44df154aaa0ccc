import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '../../../../../libs/intake/src/custom-validators';

export class ReceiptDto {
  @ApiProperty({ example: '2026-11-22' })
  @IsCalendarDate()
  receiptSignedDate!: string;
}
