import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import type { SellerFacts } from '../../../domain/src';
import { AgencyEntity, SellerEntity } from '../entities';

/** Sellers and agencies (tables `sellers`, `agencies`): the directory's rows, and the facts underwriting needs. */

export type DirectoryKind = 'seller' | 'agency';
export type DirectoryRow = SellerEntity | AgencyEntity;

const ENTITY = { seller: SellerEntity, agency: AgencyEntity } as const;
const TABLES = ['sellers', 'agencies'] as const;

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
