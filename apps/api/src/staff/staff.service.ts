import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { listStaff, upsertStaff, type StaffRow } from '../../../../libs/persistence/src/staff/staff-repository';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { StaffDto } from './dto/staff.dto';

export type StaffMember = StaffRow;

/**
 * The staff directory: who works where, so an escalation can name a compliance supervisor. Identities and logins
 * stay with the identity provider; this is only the routing table.
 */
@Injectable()
export class StaffService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<StaffMember[]> {
    return listStaff(this.db.manager);
  }

  async put(principal: Principal, userId: string, dto: StaffDto): Promise<StaffMember> {
    const member: StaffMember = {
      userId,
      name: dto.name ?? null,
      role: dto.role,
      branchCode: dto.branchCode,
      active: dto.active ?? true,
    };
    await this.db.transaction(async (tx) => {
      await upsertStaff(tx, member);
      await this.audit.record(tx, principal, {
        action: 'staff.put',
        entityType: 'staff',
        entityId: userId,
        after: dto,
      });
    });
    return member;
  }
}
