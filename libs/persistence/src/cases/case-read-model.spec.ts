import { caseReadScopeCondition, caseScopeKeys, scopeCondition } from './case-read-model';

const scope = (branches: string[], channels: string[]) => ({ branches, channels });

describe('caseReadScopeCondition: every scope a case touches may read it', () => {
  it("matches the caller's branch/channel pairs against scope_keys (GIN overlap)", () => {
    const params: unknown[] = ['case-1'];
    expect(caseReadScopeCondition(scope(['GZ01', 'SZ01'], ['agency']), params)).toBe('c.scope_keys && $2::text[]');
    expect(params[1]).toEqual(['GZ01/agency', 'SZ01/agency']);
  });

  it('compares only the channel part when every branch is allowed, only the branch when every channel is', () => {
    const params: unknown[] = [];
    expect(caseReadScopeCondition(scope(['*'], ['bancassurance']), params)).toBe(
      "EXISTS (SELECT 1 FROM unnest(c.scope_keys) k WHERE split_part(k, '/', 2) = ANY($1::text[]))",
    );
    expect(caseReadScopeCondition(scope(['GZ01'], ['*']), params)).toBe(
      "EXISTS (SELECT 1 FROM unnest(c.scope_keys) k WHERE split_part(k, '/', 1) = ANY($2::text[]))",
    );
    expect(params).toEqual([['bancassurance'], ['GZ01']]);
  });

  it('is no condition for a caller who sees everything', () => {
    const params: unknown[] = [];
    expect(caseReadScopeCondition(scope(['*'], ['*']), params)).toBe('true');
    expect(params).toEqual([]);
  });

  it('uses the alias it is given', () => {
    expect(caseReadScopeCondition(scope(['GZ01'], ['agency']), [], 'x')).toBe('x.scope_keys && $1::text[]');
  });
});

describe('scopeCondition: the responsible scope (what the caller can act on)', () => {
  it("compares the row's own branch and channel", () => {
    const params: unknown[] = [];
    expect(scopeCondition(scope(['GZ01'], ['agency']), params)).toBe(
      'c.branch_code = ANY($1::text[]) AND c.channel = ANY($2::text[])',
    );
    expect(params).toEqual([['GZ01'], ['agency']]);
  });

  it('leaves out the part that is "*", and is no condition when both are', () => {
    const params: unknown[] = [];
    expect(scopeCondition(scope(['*'], ['agency']), params, 'sp')).toBe('sp.channel = ANY($1::text[])');
    expect(scopeCondition(scope(['GZ01'], ['*']), params)).toBe('c.branch_code = ANY($2::text[])');
    expect(scopeCondition(scope(['*'], ['*']), params)).toBe('true');
    expect(params).toEqual([['agency'], ['GZ01']]);
  });
});

describe('caseScopeKeys: who may read a case', () => {
  it("is the responsible scope and every policy's, once each, sorted", () => {
    const policy = (branchCode: string, channel: string) => ({ branchCode, channel }) as never;
    expect(
      caseScopeKeys({
        branchCode: 'SZ01',
        channel: 'agency',
        policies: [policy('GZ01', 'bancassurance'), policy('SZ01', 'agency')],
      }),
    ).toEqual(['GZ01/bancassurance', 'SZ01/agency']);
  });

  it('tolerates a view written before cases carried their policies', () => {
    expect(caseScopeKeys({ branchCode: 'GZ01', channel: 'agency', policies: undefined as never })).toEqual([
      'GZ01/agency',
    ]);
  });
});
