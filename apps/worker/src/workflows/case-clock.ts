import { condition } from '@temporalio/workflow';
import type { CaseActivities, CaseView, Deadlines } from '../../../../libs/contracts/src/case.contract';
import { earliestDue } from '../../../../libs/domain/src/case/case-rules';
import { nextTimer, type TimerKind } from '../../../../libs/domain/src/case/case-timers';

type ComputeDeadlines = CaseActivities['computeDeadlines'];

/**
 * The case's deadlines and the timer that waits for them, in the manner of the Temporal samples' UpdatableTimer:
 * `run` sleeps until the earliest armed deadline and wakes early whenever a deadline or the state moves, so a
 * moved deadline simply re-arms. Writes `view.deadlines` and `view.dueAt`; workflow code only.
 */
export class CaseClock {
  /** The investigation clock: started when the channel receives the case, restarted by a rejection. */
  private receivedAt: string | null = null;
  private generation = 0;
  private applied = 0;
  private wake = 0;
  private readonly fired = new Map<TimerKind, string>();

  constructor(
    private readonly view: CaseView,
    private readonly compute: ComputeDeadlines,
    private days: number,
    private override: string | null = null,
  ) {}

  /** Recomputes every deadline from the calendar; a newer computation always wins over a slower older one. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const deadlines = await this.computeFor(this.receivedAt, this.days, this.override);
    // Only an older result is dropped: a superseded caller still finds deadlines at least as new as its own inputs.
    if (generation < this.applied) return;
    this.applied = generation;
    this.set(deadlines);
  }

  /**
   * Counts the deadlines of an investigation clock started now; returns what makes them the case's, so a step
   * can first check that the calendar counts them and then apply them with its other changes.
   */
  async restart(days: number, override: string | null): Promise<() => void> {
    const startedAt = new Date().toISOString(); // workflow time: deterministic on replay
    const deadlines = await this.computeFor(startedAt, days, override);
    return () => {
      this.receivedAt = startedAt;
      this.days = days;
      this.override = override;
      this.applied = ++this.generation; // any older computation still in flight is dropped
      this.set(deadlines);
    };
  }

  /** The state changed, so other deadlines may apply: wake the timer. */
  stateChanged(): void {
    this.view.dueAt = earliestDue(this.view);
    this.wake += 1;
  }

  /** Until the case closes: waits for the next armed deadline and hands it to `fire`, once per deadline instant. */
  async run(fire: (kind: TimerKind, at: string) => Promise<void>): Promise<void> {
    const closed = (): boolean => this.view.state === 'CLOSED';
    while (!closed()) {
      const next = nextTimer(this.view, this.fired);
      const seen = this.wake;
      const woken = (): boolean => this.wake !== seen || closed();
      if (!next) {
        await condition(woken);
        continue;
      }
      const wait = Date.parse(next.at) - Date.now();
      if (wait > 0 && (await condition(woken, wait))) continue;
      // Handlers may have closed the case while we waited.
      if (closed()) break;
      this.fired.set(next.kind, next.at);
      await fire(next.kind, next.at);
    }
  }

  private computeFor(
    receivedAt: string | null,
    investigationDays: number,
    investigationDueOverride: string | null,
  ): Promise<Deadlines> {
    return this.compute({
      openedAt: this.view.openedAt,
      receivedAt,
      investigationDays,
      investigationDueOverride,
      policies: this.view.policies,
    });
  }

  private set(deadlines: Deadlines): void {
    this.view.deadlines = deadlines;
    this.stateChanged();
  }
}
