import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  areaCodeEntries,
  shippedAreaCodeEntries,
  type AreaCodeEntry,
} from '../../../../libs/domain/src/identity/area-codes';
import {
  loadAdminAreaCodes,
  readAdminAreaCode,
  upsertAdminAreaCode,
  type AdminAreaCode,
} from '../../../../libs/persistence/src/area-codes/area-code-repository';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { AreaCodePutDto } from './dto/area-code.dto';

export interface AreaCodeView {
  code: string;
  /** Entries the checks use: the admin row when there is one, else the shipped entries. */
  entries: readonly AreaCodeEntry[];
  shipped: readonly AreaCodeEntry[] | null;
  admin: AdminAreaCode | null;
}

/** Area codes between releases of the shipped table, as the calendar is between State Council notices. */
@Injectable()
export class AreaCodesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(code: string): Promise<AreaCodeView> {
    await loadAdminAreaCodes(this.db.manager);
    const admin = await readAdminAreaCode(this.db.manager, code);
    const entries = areaCodeEntries(code);
    if (!entries)
      throw new DomainError('AREA_CODE_NOT_FOUND', `area code ${code} is neither shipped nor added`, 'code');
    return { code, entries, shipped: shippedAreaCodeEntries(code) ?? null, admin };
  }

  async put(principal: Principal, code: string, dto: AreaCodePutDto): Promise<AreaCodeView> {
    const firstYear = dto.firstYear ?? null;
    const lastYear = dto.lastYear ?? null;
    if (firstYear !== null && lastYear !== null && firstYear > lastYear) {
      throw new DomainError('FIELD_INVALID', `lastYear ${lastYear} is before firstYear ${firstYear}`, 'lastYear');
    }
    await this.db.transaction(async (tx) => {
      const before = await readAdminAreaCode(tx, code);
      await upsertAdminAreaCode(tx, {
        code,
        name: dto.name,
        firstYear,
        lastYear,
        source: dto.source,
        changedBy: principal.userId,
      });
      await this.audit.record(tx, principal, {
        action: 'area-code.set',
        entityType: 'area_code',
        entityId: code,
        before,
        after: { ...dto, firstYear, lastYear },
      });
    });
    return this.get(code);
  }
}
