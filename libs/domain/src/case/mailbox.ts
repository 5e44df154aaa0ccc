import { scopeCovers, type Scope } from '../scope';

/** A role's mailbox in one scope, e.g. `team_leader@GZ01/agency`: every holder of the role there reads it. */
export function mailbox(role: string, branchCode: string, channel: string): string {
  return `${role}@${branchCode}/${channel}`;
}

/** Whether `recipient` is a mailbox of the reader's role in a branch and channel the reader may see. */
export function mailboxInScope(reader: Scope & { role: string }, recipient: string): boolean {
  const m = /^([a-z_]+)@([^/]+)\/(.+)$/.exec(recipient);
  if (!m || m[1] !== reader.role) return false;
  return scopeCovers(reader, m[2], m[3]);
}
