import { taskName } from './case-tasks';

const c = (state: string, assist = false, assigneeId: string | null = null) => ({ state, assist, assigneeId });

describe('taskName: what the case asks of the caller', () => {
  it('an OPEN case is to be distributed, whoever lists it', () => {
    expect(taskName('customer_service', c('OPEN'), 'cs-1')).toBe('distribute');
  });

  it('a DISTRIBUTED case is assigned by the team leader and claimed by back office', () => {
    expect(taskName('team_leader', c('DISTRIBUTED'), 'tl-1')).toBe('assign');
    expect(taskName('back_office', c('DISTRIBUTED'), 'bo-1')).toBe('claim');
  });

  it('a submitted case is to be verified', () => {
    expect(taskName('compliance', c('PENDING_APPROVAL'), 'cmp-1')).toBe('verify');
  });

  it("customer service records an assist on someone else's case, and investigates its own", () => {
    expect(taskName('customer_service', c('INVESTIGATING', true, 'bo-1'), 'cs-1')).toBe('record_assist');
    expect(taskName('customer_service', c('INVESTIGATING', true, 'cs-1'), 'cs-1')).toBe('investigate');
    expect(taskName('customer_service', c('INVESTIGATING', false, 'cs-1'), 'cs-1')).toBe('investigate');
  });

  it('compliance supervises an escalated case that is not waiting for verification', () => {
    expect(taskName('compliance', c('INVESTIGATING', false, 'bo-1'), 'cmp-1')).toBe('supervise_escalation');
  });

  it('back office investigates the case it holds', () => {
    expect(taskName('back_office', c('INVESTIGATING', true, 'bo-1'), 'bo-1')).toBe('investigate');
  });
});
