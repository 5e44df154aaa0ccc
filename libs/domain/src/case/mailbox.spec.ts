import { mailbox, mailboxInScope } from './mailbox';

const reader = (role: string, branches: string[], channels: string[]) => ({ role, branches, channels });

describe('mailbox', () => {
  it('names a role in one branch and channel', () => {
    expect(mailbox('team_leader', 'GZ01', 'agency')).toBe('team_leader@GZ01/agency');
  });
});

describe('mailboxInScope: a role mailbox is read by that role within its scope only', () => {
  it("accepts the reader's own role in a branch and channel it holds", () => {
    expect(mailboxInScope(reader('team_leader', ['GZ01'], ['agency']), 'team_leader@GZ01/agency')).toBe(true);
  });

  it("refuses another role's mailbox in the same scope", () => {
    expect(mailboxInScope(reader('back_office', ['GZ01'], ['agency']), 'team_leader@GZ01/agency')).toBe(false);
  });

  it('refuses another branch or another channel', () => {
    expect(mailboxInScope(reader('team_leader', ['GZ01'], ['agency']), 'team_leader@SZ01/agency')).toBe(false);
    expect(mailboxInScope(reader('team_leader', ['GZ01'], ['agency']), 'team_leader@GZ01/bancassurance')).toBe(false);
  });

  it('honours "*" for branches and channels', () => {
    expect(mailboxInScope(reader('compliance', ['*'], ['agency']), 'compliance@SZ01/agency')).toBe(true);
    expect(mailboxInScope(reader('compliance', ['GZ01'], ['*']), 'compliance@GZ01/bancassurance')).toBe(true);
    expect(mailboxInScope(reader('compliance', ['*'], ['*']), 'team_leader@GZ01/agency')).toBe(false);
  });

  it('is false for a user id or a malformed recipient', () => {
    const all = reader('team_leader', ['*'], ['*']);
    expect(mailboxInScope(all, 'tl-1')).toBe(false);
    expect(mailboxInScope(all, 'team_leader@GZ01')).toBe(false);
    expect(mailboxInScope(all, 'team_leader@/agency')).toBe(false);
  });
});
