import { scopeCovers, scopeRefusal } from './scope';

describe('scopeRefusal', () => {
  const gzAgency = { branches: ['GZ01'], channels: ['agency'] };

  it('is null exactly when scopeCovers holds', () => {
    expect(scopeRefusal(gzAgency, 'GZ01', 'agency')).toBeNull();
    expect(scopeRefusal({ branches: ['*'], channels: ['*'] }, 'SZ01', 'bancassurance')).toBeNull();
    expect(scopeCovers(gzAgency, 'SZ01', 'agency')).toBe(false);
  });

  it('names the branch, or the channel when only the channel is outside', () => {
    expect(scopeRefusal(gzAgency, 'SZ01', 'agency')).toMatchObject({
      party: 'policy',
      field: 'branchCode',
      code: 'OUT_OF_SCOPE',
      severity: 'error',
    });
    expect(scopeRefusal(gzAgency, 'GZ01', 'bancassurance')).toMatchObject({ field: 'channel', code: 'OUT_OF_SCOPE' });
    expect(scopeRefusal(gzAgency, 'SZ01', 'bancassurance')?.message).toContain('SZ01');
  });

  it('refuses everything for an empty scope', () => {
    expect(scopeRefusal({ branches: [], channels: [] }, 'GZ01', 'agency')).not.toBeNull();
  });
});
