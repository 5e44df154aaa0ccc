import type { Scope } from '../../domain/src/scope';

/**
 * The SQL condition limiting rows to the caller's branches and channels ('*' = all) by their own branch_code and
 * channel: for cases, the responsible scope, the only one that can act on them (tasks); for findings, their scope; for
 * sellers and agencies, theirs (the SQL form of scopeCovers).
 */
export function scopeCondition(p: Scope, params: unknown[], alias = 'c'): string {
  const parts: string[] = [];
  if (!p.branches.includes('*')) {
    params.push(p.branches);
    parts.push(`${alias}.branch_code = ANY($${params.length}::text[])`);
  }
  if (!p.channels.includes('*')) {
    params.push(p.channels);
    parts.push(`${alias}.channel = ANY($${params.length}::text[])`);
  }
  return parts.length ? parts.join(' AND ') : 'true';
}
