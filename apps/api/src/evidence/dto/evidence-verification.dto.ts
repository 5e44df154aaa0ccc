import { ApiProperty } from '@nestjs/swagger';

/** Whether a stored file still has its recorded hash and, for a report, whether its signature holds. */
export class EvidenceVerificationDto {
  @ApiProperty() evidenceId!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() fileIntact!: boolean;
  @ApiProperty() signed!: boolean;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null when the file is not signed' }) signatureValid!:
    boolean | null;
  @ApiProperty({ type: String, nullable: true }) signedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) signedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) keyId!: string | null;
}
