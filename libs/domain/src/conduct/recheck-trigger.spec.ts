import { addCalendarDays } from '../calendar/working-calendar';
import { decideCampaigns, windowEndOf, type CountedComplaint } from './recheck-trigger';

const c = (id: string, receivedDate: string, campaignId: string | null = null): CountedComplaint => ({
  id,
  receivedDate,
  campaignId,
});

describe('the 365-day window of verified mis-selling complaints (R6)', () => {
  it('is 365 days with both ends included, across a leap day', () => {
    expect(windowEndOf('2025-01-01')).toBe('2025-12-31');
    expect(windowEndOf('2024-01-01')).toBe('2024-12-30'); // 2024 has 366 days
    expect(windowEndOf('2024-03-01')).toBe('2025-02-28');
  });

  it('starts nothing for one complaint', () => {
    expect(decideCampaigns([c('a', '2026-01-10')], [])).toEqual([]);
  });

  it('starts one campaign when the second complaint is inside the window, named by the first', () => {
    expect(decideCampaigns([c('b', '2026-06-01'), c('a', '2026-01-10')], [])).toEqual([
      {
        kind: 'start',
        firstComplaintId: 'a',
        complaintIds: ['a', 'b'],
        windowStart: '2026-01-10',
        windowEnd: '2027-01-09',
      },
    ]);
  });

  it('counts 364 days apart as one window, 365 and 366 days apart as two', () => {
    const from = '2025-03-01';
    expect(decideCampaigns([c('a', from), c('b', addCalendarDays(from, 364))], [])).toHaveLength(1);
    expect(decideCampaigns([c('a', from), c('b', addCalendarDays(from, 365))], [])).toEqual([]);
    expect(decideCampaigns([c('a', from), c('b', addCalendarDays(from, 366))], [])).toEqual([]);
  });

  it('lets a third complaint inside a running campaign join it instead of starting another', () => {
    const campaign = { campaignId: 'K', windowStart: '2026-01-10', windowEnd: '2027-01-09', running: true };
    const complaints = [c('a', '2026-01-10', 'K'), c('b', '2026-06-01', 'K'), c('x', '2026-12-31')];
    expect(decideCampaigns(complaints, [campaign])).toEqual([{ kind: 'join', campaignId: 'K', complaintIds: ['x'] }]);
  });

  it('lets a complaint received before the window but verified later stay out of it', () => {
    const campaign = { campaignId: 'K', windowStart: '2026-01-10', windowEnd: '2027-01-09', running: true };
    expect(decideCampaigns([c('a', '2026-01-10', 'K'), c('x', '2026-01-09')], [campaign])).toEqual([]);
  });

  it('lets a finished campaign absorb nothing: two new complaints start the next one', () => {
    const done = { campaignId: 'K', windowStart: '2026-01-10', windowEnd: '2027-01-09', running: false };
    const counted = [c('a', '2026-01-10', 'K'), c('b', '2026-02-01', 'K')];
    expect(decideCampaigns([...counted, c('x', '2026-05-01')], [done])).toEqual([]);
    expect(decideCampaigns([...counted, c('x', '2026-05-01'), c('y', '2026-05-02')], [done])).toEqual([
      {
        kind: 'start',
        firstComplaintId: 'x',
        complaintIds: ['x', 'y'],
        windowStart: '2026-05-01',
        windowEnd: '2027-04-30',
      },
    ]);
  });

  it('takes the oldest window first and goes on past it', () => {
    const decisions = decideCampaigns(
      [c('a', '2024-01-01'), c('b', '2024-12-01'), c('d', '2025-12-20'), c('e', '2026-01-05'), c('z', '2028-01-01')],
      [],
    );
    expect(decisions.map((d) => (d.kind === 'start' ? [d.firstComplaintId, d.complaintIds] : d))).toEqual([
      ['a', ['a', 'b']],
      ['d', ['d', 'e']],
    ]);
  });

  it('orders complaints of one day by id, so the same data always names the same campaign', () => {
    const one = decideCampaigns([c('m', '2026-03-03'), c('k', '2026-03-03')], []);
    const other = decideCampaigns([c('k', '2026-03-03'), c('m', '2026-03-03')], []);
    expect(one).toEqual(other);
    expect(one[0]).toMatchObject({ firstComplaintId: 'k' });
  });
});
