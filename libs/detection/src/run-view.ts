import type { DetectionRunView } from '../../contracts/src/detection.contract';

/** A row of `detection_runs` (with business_date selected as text). */
export interface RunRow {
  id: string;
  trigger: 'schedule' | 'manual';
  full_scan: boolean;
  status: DetectionRunView['status'];
  started_at: Date;
  finished_at: Date | null;
  watermark_from: Date | null;
  watermark_to: Date;
  business_date: string;
  published: boolean;
  counts: DetectionRunView['counts'];
  cases_opened: number;
  cases_told: number;
  reconciled: number;
  error: string | null;
}

export function runView(r: RunRow): DetectionRunView {
  return {
    id: r.id,
    trigger: r.trigger,
    full: r.full_scan,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    durationMs: r.finished_at ? r.finished_at.getTime() - r.started_at.getTime() : null,
    watermarkFrom: r.watermark_from?.toISOString() ?? null,
    watermarkTo: r.watermark_to.toISOString(),
    businessDate: r.business_date,
    published: r.published,
    counts: r.counts,
    casesOpened: r.cases_opened,
    casesTold: r.cases_told,
    reconciled: r.reconciled,
    error: r.error,
  };
}
