import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { appendAudit, canonicalJson, hashOf } from './audit-log';

describe('canonicalJson', () => {
  it('sorts object keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,1]},"b":1}');
    expect(canonicalJson({ a: { c: 'x', d: [2, 1] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' } }));
  });

  it('keeps array order', () => {
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('writes scalars as JSON does', () => {
    expect(canonicalJson('李四')).toBe('"李四"');
    expect(canonicalJson(12.5)).toBe('12.5');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('drops undefined properties, keeps null ones', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson({ a: undefined })).toBe(canonicalJson({}));
  });

  it('writes Buffers as base64 and Dates as ISO text', () => {
    expect(canonicalJson(Buffer.from('hi'))).toBe('"aGk="');
    expect(canonicalJson(new Date('2026-01-15T08:00:00+08:00'))).toBe('"2026-01-15T00:00:00.000Z"');
    expect(canonicalJson({ at: new Date(0), enc: Buffer.from([0, 255]) })).toBe(
      '{"at":"1970-01-01T00:00:00.000Z","enc":"AP8="}',
    );
  });

  it('gives an entity and its JSON round trip the same text', () => {
    const view = {
      code: 'A1',
      createdAt: new Date('2026-01-15T00:00:00Z'),
      qualifiedOn: '2025-06-01',
      phone: null,
      gone: undefined,
    };
    expect(canonicalJson(view)).toBe(canonicalJson(JSON.parse(JSON.stringify(view))));
  });
});

describe('hashOf', () => {
  it('is the SHA-256 of the canonical JSON', () => {
    expect(hashOf({ b: 2, a: 1 })).toBe(createHash('sha256').update('{"a":1,"b":2}').digest('hex'));
  });

  it('does not depend on key order', () => {
    expect(hashOf({ x: { p: 1, q: [1, { s: 2, r: 3 }] }, y: 'z' })).toBe(
      hashOf({ y: 'z', x: { q: [1, { r: 3, s: 2 }], p: 1 } }),
    );
  });

  it('differs when a value differs', () => {
    expect(hashOf({ qualifiedOn: '2025-06-01' })).not.toBe(hashOf({ qualifiedOn: '2026-01-15' }));
    expect(hashOf({ enc: Buffer.from([1]) })).not.toBe(hashOf({ enc: Buffer.from([2]) }));
    expect(hashOf({ at: new Date(0) })).not.toBe(hashOf({ at: new Date(1) }));
    expect(hashOf({ a: null })).not.toBe(hashOf({}));
  });
});

describe('appendAudit', () => {
  const capture = (): { db: EntityManager; calls: Array<{ sql: string; params: unknown[] }> } => {
    const calls: Array<{ sql: string; params: unknown[] }> = [];
    const fake: Pick<EntityManager, 'query'> = {
      query: async <T>(sql: string, params?: unknown[]): Promise<T> => {
        calls.push({ sql, params: params ?? [] });
        return [] as unknown as T;
      },
    };
    return { db: fake as EntityManager, calls };
  };

  it('writes the actor, the action and the hashes of before and after', async () => {
    const { db, calls } = capture();
    const before = { code: 'A1', qualifiedOn: '2025-06-01' };
    const after = { qualifiedOn: '2026-01-15', code: 'A1' };
    await appendAudit(
      db,
      { userId: 'cm-1', role: 'channel_manager' },
      { action: 'seller.update', entityType: 'seller', entityId: 'A1', before, after, detail: { via: 'api' } },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].sql).toMatch(/INSERT INTO audit_log/);
    expect(calls[0].params).toEqual([
      'cm-1',
      'channel_manager',
      'seller.update',
      'seller',
      'A1',
      hashOf(before),
      hashOf(after),
      '{"via":"api"}',
    ]);
  });

  it('writes null for what it was not given', async () => {
    const { db, calls } = capture();
    await appendAudit(
      db,
      { userId: 'u', role: 'admin' },
      { action: 'seller.create', entityType: 'seller', entityId: 'A2', after: { code: 'A2' } },
    );
    expect(calls[0].params).toEqual([
      'u',
      'admin',
      'seller.create',
      'seller',
      'A2',
      null,
      hashOf({ code: 'A2' }),
      null,
    ]);
  });
});
