import type { CaseView } from '../../../contracts/src/case.contract';

/** The deadlines a case acts on when they pass. */
export type TimerKind =
  'distributionReminder' | 'distributionDue' | 'reminder' | 'investigationDue' | 'revisitDeadline' | 'coolingOffEnd';

/**
 * The earliest deadline that applies in the case's state and has not fired at its current time yet (a deadline
 * that moves re-arms: `fired` remembers the instant each kind fired at). Ties go to the first in the list.
 */
export function nextTimer(
  view: Pick<CaseView, 'state' | 'deadlines'>,
  fired: ReadonlyMap<TimerKind, string>,
): { kind: TimerKind; at: string } | null {
  const d = view.deadlines;
  const open = view.state !== 'CLOSED';
  const withChannel = view.state === 'DISTRIBUTED' || view.state === 'INVESTIGATING';
  const candidates: Array<{ kind: TimerKind; at: string | null; applies: boolean }> = [
    { kind: 'distributionReminder', at: d.distributionReminderAt, applies: view.state === 'OPEN' },
    { kind: 'distributionDue', at: d.distributionDueAt, applies: view.state === 'OPEN' },
    { kind: 'reminder', at: d.reminderAt, applies: withChannel },
    { kind: 'investigationDue', at: d.investigationDueAt, applies: withChannel },
    { kind: 'revisitDeadline', at: d.revisitDeadlineAt, applies: open },
    { kind: 'coolingOffEnd', at: d.coolingOffEndsAt, applies: open },
  ];
  const armed = candidates.filter(
    (c): c is { kind: TimerKind; at: string; applies: boolean } =>
      c.applies && c.at !== null && fired.get(c.kind) !== c.at,
  );
  if (armed.length === 0) return null;
  const first = armed.reduce((a, b) => (Date.parse(a.at) <= Date.parse(b.at) ? a : b));
  return { kind: first.kind, at: first.at };
}
