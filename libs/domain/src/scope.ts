import type { UnderwritingReason } from './policy-application';
import { reasonMessage } from './underwriting/reason-messages';

/** Who may see what: the branches and channels on a token ('*' = all). One rule for the API and the workflows. */
export interface Scope {
  branches: string[];
  channels: string[];
}

function covers(granted: string[], value: string): boolean {
  return granted.includes('*') || granted.includes(value);
}

/** Whether someone's branches and channels cover a record of this branch and channel (access, not Art. 4). */
export function scopeCovers(who: Scope, branchCode: string, channel: string): boolean {
  return covers(who.branches, branchCode) && covers(who.channels, channel);
}

/**
 * The same rule as a refusal reason, for rows of a bulk import (single intake answers 403 instead): null when the
 * branch and channel are in scope; otherwise OUT_OF_SCOPE on the field that is not (the branch when neither is).
 */
export function scopeRefusal(who: Scope, branchCode: string, channel: string): UnderwritingReason | null {
  if (scopeCovers(who, branchCode, channel)) return null;
  const field = covers(who.branches, branchCode) ? 'channel' : 'branchCode';
  return {
    party: 'policy',
    field,
    code: 'OUT_OF_SCOPE',
    severity: 'error',
    ...reasonMessage('OUT_OF_SCOPE', 'policy', field, { branchCode, channel }),
  };
}
