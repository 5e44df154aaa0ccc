/** Who may see what: the branches and channels on a token ('*' = all). One rule for the API and the workflows. */
export interface Scope {
  branches: string[];
  channels: string[];
}

export function isInScope(who: Scope, branchCode: string, channel: string): boolean {
  const branchOk = who.branches.includes('*') || who.branches.includes(branchCode);
  const channelOk = who.channels.includes('*') || who.channels.includes(channel);
  return branchOk && channelOk;
}
