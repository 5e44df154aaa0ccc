import { ApiProperty } from '@nestjs/swagger';

export const HEALTH_STATUSES = ['ok', 'degraded'] as const;
export const PROBE_RESULTS = ['up', 'down'] as const;

/** The same body answers 200 (both up) and 503 (either down). */
export class HealthReportDto {
  @ApiProperty({ enum: HEALTH_STATUSES }) status!: (typeof HEALTH_STATUSES)[number];
  @ApiProperty({ enum: PROBE_RESULTS }) database!: (typeof PROBE_RESULTS)[number];
  @ApiProperty({ enum: PROBE_RESULTS }) temporal!: (typeof PROBE_RESULTS)[number];
}
