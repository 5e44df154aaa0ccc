import { addCalendarDays } from '../calendar/working-calendar';

/**
 * When verified mis-selling complaints start a re-check campaign (R6, Art. 14: "2 or more within one year").
 * Pure: the API runs it over the subject's complaints, under a lock per subject, after each verification.
 *
 * - A window is 365 consecutive calendar days, both ends included: two complaints are in one window when the later
 *   was received at most 364 days after the earlier (by `receivedDate`, the day the complaint reached the insurer).
 * - A complaint counts toward at most one campaign. One not yet counted whose date is inside a running campaign's
 *   window joins that campaign (the third complaint adds to it, it does not start another).
 * - Otherwise, scanning the uncounted complaints oldest first, the first one with at least one more inside its
 *   window (from its own date) starts a campaign of every uncounted complaint in that window; the scan goes on past
 *   them. A campaign that has finished absorbs nothing: the count starts again from complaints it did not cover.
 */

export const RECHECK_COMPLAINT_THRESHOLD = 2;
export const RECHECK_WINDOW_DAYS = 365;

export interface CountedComplaint {
  id: string;
  /** YYYY-MM-DD. */
  receivedDate: string;
  /** The campaign it already counts toward, if any. */
  campaignId: string | null;
}

export interface CampaignWindow {
  campaignId: string;
  windowStart: string;
  windowEnd: string;
  running: boolean;
}

export type CampaignDecision =
  | { kind: 'join'; campaignId: string; complaintIds: string[] }
  | { kind: 'start'; firstComplaintId: string; complaintIds: string[]; windowStart: string; windowEnd: string };

/** The last day of the window that starts on `start`. */
export function windowEndOf(start: string): string {
  return addCalendarDays(start, RECHECK_WINDOW_DAYS - 1);
}

function inside(date: string, start: string, end: string): boolean {
  return date >= start && date <= end;
}

const byDateThenId = (a: CountedComplaint, b: CountedComplaint): number =>
  a.receivedDate < b.receivedDate ? -1 : a.receivedDate > b.receivedDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** What to do with the subject's uncounted complaints: join running campaigns, start new ones, or nothing ([]). */
export function decideCampaigns(
  complaints: readonly CountedComplaint[],
  campaigns: readonly CampaignWindow[],
): CampaignDecision[] {
  const decisions: CampaignDecision[] = [];
  let uncounted = complaints.filter((c) => c.campaignId === null).sort(byDateThenId);
  const running = campaigns.filter((c) => c.running).sort((a, b) => (a.windowStart < b.windowStart ? -1 : 1));
  for (const campaign of running) {
    const joining = uncounted.filter((c) => inside(c.receivedDate, campaign.windowStart, campaign.windowEnd));
    if (joining.length === 0) continue;
    decisions.push({ kind: 'join', campaignId: campaign.campaignId, complaintIds: joining.map((c) => c.id) });
    uncounted = uncounted.filter((c) => !joining.includes(c));
  }
  while (uncounted.length > 0) {
    const first = uncounted[0];
    const end = windowEndOf(first.receivedDate);
    const group = uncounted.filter((c) => inside(c.receivedDate, first.receivedDate, end));
    if (group.length >= RECHECK_COMPLAINT_THRESHOLD) {
      decisions.push({
        kind: 'start',
        firstComplaintId: first.id,
        complaintIds: group.map((c) => c.id),
        windowStart: first.receivedDate,
        windowEnd: end,
      });
      uncounted = uncounted.filter((c) => !group.includes(c));
    } else {
      uncounted = uncounted.slice(1);
    }
  }
  return decisions;
}
