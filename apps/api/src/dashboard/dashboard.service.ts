import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  figuresByScope,
  findingsByRule,
  slaByWeek,
} from '../../../../libs/persistence/src/dashboard/dashboard-repository';
import type { Principal } from '../auth/principal';
import { caseReadScopeCondition, scopeCondition } from '../../../../libs/persistence/src/cases/case-read-model';
import type { DashboardDto } from './dto/dashboard.dto';

export const SLA_WEEKS = 12;
export const FINDING_DAYS = 30;

@Injectable()
export class DashboardService {
  constructor(private readonly db: DataSource) {}

  /** Cases the caller may read (as the case list), findings of the caller's scope (as the suspicious list). */
  async figures(principal: Principal, now = new Date()): Promise<DashboardDto> {
    const cases = (params: unknown[], alias: string) => caseReadScopeCondition(principal, params, alias);
    const findings = (params: unknown[], alias: string) => scopeCondition(principal, params, alias);
    const [byScope, sla, found] = await Promise.all([
      figuresByScope(this.db.manager, now, cases),
      slaByWeek(this.db.manager, now, SLA_WEEKS, cases),
      findingsByRule(this.db.manager, now, FINDING_DAYS, findings),
    ]);
    return { generatedAt: now.toISOString(), byScope, slaByWeek: sla, findingsByRule: found };
  }
}
