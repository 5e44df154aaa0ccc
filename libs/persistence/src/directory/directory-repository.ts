import type { EntityManager } from 'typeorm';
import { In, QueryFailedError } from 'typeorm';
import type { SellerFacts } from '../../../domain/src';
import type { Scope } from '../../../domain/src/scope';
import { AgencyEntity, SellerEntity } from '../entities';
import { scopeCondition } from '../scope-condition';

/** Sellers and agencies (tables `sellers`, `agencies`): the directory's rows, and the facts underwriting needs. */

export type DirectoryKind = 'seller' | 'agency';
export type DirectoryRow = SellerEntity | AgencyEntity;

const ENTITY = { seller: SellerEntity, agency: AgencyEntity } as const;
const TABLES = ['sellers', 'agencies'] as const;
const TABLE = { seller: 'sellers', agency: 'agencies' } as const;

export class DirectoryCodeTaken extends Error {}

/** Inserts a row; a code already taken raises DirectoryCodeTaken. Returns the stored row (defaults applied). */
export async function insertDirectoryRow(
  db: EntityManager,
  kind: DirectoryKind,
  columns: Partial<DirectoryRow> & { code: string },
): Promise<DirectoryRow> {
  const repo = db.getRepository<DirectoryRow>(ENTITY[kind]);
  try {
    await repo.insert(repo.create(columns));
  } catch (err) {
    if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505')
      throw new DirectoryCodeTaken(columns.code);
    throw err;
  }
  return repo.findOneByOrFail({ code: columns.code });
}

export async function findDirectoryRow(
  db: EntityManager,
  kind: DirectoryKind,
  code: string,
  lock: boolean,
): Promise<DirectoryRow | null> {
  return db
    .getRepository<DirectoryRow>(ENTITY[kind])
    .findOne({ where: { code }, lock: lock ? { mode: 'pessimistic_write' } : undefined });
}

/** What a directory list may be narrowed to; `qualified` applies to sellers only (false: not yet passed the test). */
export interface DirectoryFilter {
  channel?: string;
  branchCode?: string;
  active?: boolean;
  /** A prefix of the code (any case) or of the name. */
  q?: string;
  qualified?: boolean;
}

/**
 * One page of the rows in the reader's scope that match the filter, by code, and how many match in all. The page
 * is chosen in SQL and its rows are then loaded as entities, so each comes out exactly as findDirectoryRow gives it.
 */
export async function listDirectoryRows(
  db: EntityManager,
  kind: DirectoryKind,
  reader: Scope,
  filter: DirectoryFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: DirectoryRow[]; total: number }> {
  const params: unknown[] = [];
  const where = [scopeCondition(reader, params, 'd')];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.channel !== undefined) add((p) => `d.channel = ${p}`, filter.channel);
  if (filter.branchCode !== undefined) add((p) => `d.branch_code = ${p}`, filter.branchCode);
  if (filter.active !== undefined) add((p) => `d.active = ${p}`, filter.active);
  // starts_with, not LIKE: a % or _ typed into the search is a character, not a wildcard.
  if (filter.q !== undefined)
    add((p) => `(starts_with(lower(d.code), lower(${p})) OR starts_with(lower(d.name), lower(${p})))`, filter.q);
  if (kind === 'seller' && filter.qualified !== undefined)
    where.push(filter.qualified ? 'd.qualified_on IS NOT NULL' : 'd.qualified_on IS NULL');
  const from = `FROM ${TABLE[kind]} d WHERE ${where.join(' AND ')}`;
  const [{ total }]: Array<{ total: number }> = await db.query(`SELECT count(*)::int AS total ${from}`, params);
  params.push(pageSize, (page - 1) * pageSize);
  const ids: Array<{ id: string }> = await db.query(
    `SELECT d.id ${from} ORDER BY d.code LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  if (ids.length === 0) return { rows: [], total };
  const found = await db.getRepository<DirectoryRow>(ENTITY[kind]).findBy({ id: In(ids.map((r) => r.id)) });
  const byId = new Map(found.map((r) => [r.id, r]));
  // A row deleted between the two queries is left out (nothing deletes directory rows today).
  const rows = ids.map((r) => byId.get(r.id)).filter((r): r is DirectoryRow => r !== undefined);
  return { rows, total };
}

export async function saveDirectoryRow(db: EntityManager, kind: DirectoryKind, row: DirectoryRow): Promise<void> {
  await db.getRepository<DirectoryRow>(ENTITY[kind]).save(row);
}

export async function agencyExists(db: EntityManager, code: string): Promise<boolean> {
  return db.getRepository(AgencyEntity).existsBy({ code });
}

/** Underwriting's view of sellers (R2: qualified, active), by code. */
export async function loadSellerFacts(db: EntityManager, codes: string[]): Promise<Map<string, SellerFacts>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows: Array<{ code: string; qualified_on: string | null; active: boolean }> = await db.query(
    `SELECT code, to_char(qualified_on, 'YYYY-MM-DD') AS qualified_on, active FROM sellers WHERE code = ANY($1::text[])`,
    [unique],
  );
  return new Map(rows.map((r) => [r.code, { code: r.code, qualifiedOn: r.qualified_on, active: r.active }]));
}

/**
 * Gives every seller and agency address saved without its blind index (by any path) one: `index` turns an
 * address into its hash, or null when it normalises to nothing.
 */
export async function indexDirectoryAddresses(
  db: EntityManager,
  index: (address: string) => Buffer | null,
): Promise<void> {
  for (const table of TABLES) {
    const rows = (
      (await db.query(`SELECT id, address FROM ${table} WHERE address IS NOT NULL AND address_hash IS NULL`)) as Array<{
        id: string;
        address: string;
      }>
    )
      .map((r) => ({ id: r.id, hash: index(r.address) }))
      .filter((r): r is { id: string; hash: Buffer } => r.hash !== null);
    if (rows.length === 0) continue;
    await db.query(
      `UPDATE ${table} t SET address_hash = u.h FROM unnest($1::bigint[], $2::bytea[]) AS u(id, h) WHERE t.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => r.hash)],
    );
  }
}
