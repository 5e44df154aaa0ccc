import type { Principal } from '../auth/principal';
import { caseReadScopeCondition, scopeCondition } from './cases.service';

const principal = (branches: string[], channels: string[]): Principal => ({ userId: 'u', role: 'customer_service', branches, channels });

describe('caseReadScopeCondition: every scope a case touches may read it', () => {
  it('matches the caller\'s branch/channel pairs against scope_keys (GIN overlap)', () => {
    const params: unknown[] = ['case-1'];
    expect(caseReadScopeCondition(principal(['GZ01', 'SZ01'], ['agency']), params)).toBe('c.scope_keys && $2::text[]');
    expect(params[1]).toEqual(['GZ01/agency', 'SZ01/agency']);
  });

  it('compares only the channel part when every branch is allowed, only the branch when every channel is', () => {
    const params: unknown[] = [];
    expect(caseReadScopeCondition(principal(['*'], ['bancassurance']), params))
      .toBe("EXISTS (SELECT 1 FROM unnest(c.scope_keys) k WHERE split_part(k, '/', 2) = ANY($1::text[]))");
    expect(caseReadScopeCondition(principal(['GZ01'], ['*']), params))
      .toBe("EXISTS (SELECT 1 FROM unnest(c.scope_keys) k WHERE split_part(k, '/', 1) = ANY($2::text[]))");
    expect(params).toEqual([['bancassurance'], ['GZ01']]);
  });

  it('is no condition for a caller who sees everything', () => {
    const params: unknown[] = [];
    expect(caseReadScopeCondition(principal(['*'], ['*']), params)).toBe('true');
    expect(params).toEqual([]);
  });
});

describe('scopeCondition: the responsible scope (what the caller can act on)', () => {
  it('compares the row\'s own branch and channel', () => {
    const params: unknown[] = [];
    expect(scopeCondition(principal(['GZ01'], ['agency']), params)).toBe('c.branch_code = ANY($1::text[]) AND c.channel = ANY($2::text[])');
  });
});
