import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ROLES } from '../auth/principal';
import type { Principal, Role } from '../auth/principal';
import { UserIdParam } from '../common/params';

export class StaffDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  name?: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ example: 'GZ01', description: "'*' for every branch" }) @IsString() @IsNotEmpty() @MaxLength(20)
  branchCode!: string;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean()
  active?: boolean;
}

/**
 * The staff directory: who works where, so an escalation can name a compliance supervisor. Identities and logins
 * stay with the identity provider; this is only the routing table.
 */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Roles('admin', 'compliance', 'team_leader')
  list() {
    return this.db.query(`SELECT user_id AS "userId", name, role, branch_code AS "branchCode", active FROM staff ORDER BY user_id`);
  }

  @Put(':userId')
  @Roles('admin')
  @ApiOperation({ summary: 'Add or update a staff member' })
  async put(@CurrentUser() u: Principal, @Param() { userId }: UserIdParam, @Body() dto: StaffDto) {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO staff (user_id, name, role, branch_code, active) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, branch_code = EXCLUDED.branch_code,
           active = EXCLUDED.active, updated_at = now()`,
        [userId, dto.name ?? null, dto.role, dto.branchCode, dto.active ?? true],
      );
      await this.audit.record(tx, u, { action: 'staff.put', entityType: 'staff', entityId: userId, after: dto });
    });
    return { userId, name: dto.name ?? null, role: dto.role, branchCode: dto.branchCode, active: dto.active ?? true };
  }
}
