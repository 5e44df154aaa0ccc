import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forEachConcurrently } from '../../../../libs/domain/src/common/concurrency';
import {
  readDay,
  readYear,
  replaceYear,
  setDay,
  StoredYear,
} from '../../../../libs/persistence/src/calendar/calendar-repository';
import { CaseReadModel } from '../../../../libs/persistence/src/cases/case-read-model';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { CaseWorkflowGateway } from '../temporal/case-workflow.gateway';
import { CalendarDayPatchDto, CalendarYearDto } from './dto/calendar.dto';

const SIGNAL_CONCURRENCY = 16;

/** The working-day calendar: read a year, load the State Council's schedule, correct a day; open cases are told. */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly cases: CaseWorkflowGateway,
    private readonly caseReadModel: CaseReadModel,
  ) {}

  get(year: number): Promise<StoredYear> {
    return readYear(this.db.manager, year);
  }

  async putYear(
    principal: Principal,
    year: number,
    dto: CalendarYearDto,
  ): Promise<StoredYear & { casesNotified: number }> {
    // A schedule may reach one day into a neighbouring year (a make-up day on 31 December), not further.
    const outside = dto.days.filter(
      (d) => !d.date.startsWith(`${year}-`) && d.date !== `${year - 1}-12-31` && d.date !== `${year + 1}-01-01`,
    );
    if (outside.length > 0)
      throw new DomainError(
        'CALENDAR_INVALID',
        `days outside ${year}: ${outside.map((d) => d.date).join(', ')}`,
        'days',
      );
    const before = await readYear(this.db.manager, year);
    await this.db.transaction(async (tx) => {
      await replaceYear(
        tx,
        year,
        'official',
        dto.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null, source: 'manual' })),
      );
      await this.audit.record(tx, principal, {
        action: 'calendar.year.replace',
        entityType: 'calendar',
        entityId: String(year),
        before,
        after: dto.days,
      });
    });
    return { ...(await readYear(this.db.manager, year)), casesNotified: await this.announce() };
  }

  async patchDay(
    principal: Principal,
    date: string,
    dto: CalendarDayPatchDto,
  ): Promise<StoredYear & { casesNotified: number }> {
    await this.db.transaction(async (tx) => {
      const before = await readDay(tx, date);
      await setDay(tx, date, dto.kind, dto.name ?? null);
      await this.audit.record(tx, principal, {
        action: 'calendar.day.set',
        entityType: 'calendar',
        entityId: date,
        before: before ?? null,
        after: dto,
      });
    });
    return { ...(await readYear(this.db.manager, Number(date.slice(0, 4)))), casesNotified: await this.announce() };
  }

  /** Tells every open case to recompute its deadlines, so no timer armed on the old calendar fires. */
  private async announce(): Promise<number> {
    const open = await this.caseReadModel.openCaseIds();
    await forEachConcurrently(open, SIGNAL_CONCURRENCY, async (caseId) => {
      try {
        await this.cases.calendarChanged(caseId);
      } catch (err) {
        this.logger.warn(`case ${caseId} was not told of the calendar change: ${(err as Error).message}`);
      }
    });
    return open.length;
  }
}
