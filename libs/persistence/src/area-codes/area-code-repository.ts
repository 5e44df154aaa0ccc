import type { EntityManager } from 'typeorm';
import { useAdminAreaCodes, type ExtraAreaCode } from '../../../domain/src/identity/area-codes';

/** Area codes added by an administrator (table area_codes_extra), laid over the shipped table for the checks. */

export interface AdminAreaCode {
  code: string;
  name: string;
  firstYear: number | null;
  lastYear: number | null;
  source: string;
  changedBy: string;
  changedAt: string;
}

const SELECT = `SELECT code, name, first_year AS "firstYear", last_year AS "lastYear", source,
                       changed_by AS "changedBy", to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "changedAt"
                FROM area_codes_extra`;

export async function readAdminAreaCodes(db: EntityManager): Promise<AdminAreaCode[]> {
  return db.query(`${SELECT} ORDER BY code`);
}

export async function readAdminAreaCode(db: EntityManager, code: string): Promise<AdminAreaCode | null> {
  const [row] = await db.query(`${SELECT} WHERE code = $1`, [code]);
  return row ?? null;
}

/** Reads the admin codes and hands them to the domain checks; call it before a batch of underwriting. */
export async function loadAdminAreaCodes(db: EntityManager): Promise<void> {
  const rows = await readAdminAreaCodes(db);
  const codes: Record<string, ExtraAreaCode> = {};
  for (const r of rows) codes[r.code] = { entries: [[r.name, r.firstYear, r.lastYear]], source: r.source };
  useAdminAreaCodes(codes);
}

export async function upsertAdminAreaCode(
  db: EntityManager,
  row: Pick<AdminAreaCode, 'code' | 'name' | 'firstYear' | 'lastYear' | 'source' | 'changedBy'>,
): Promise<void> {
  await db.query(
    `INSERT INTO area_codes_extra (code, name, first_year, last_year, source, changed_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, first_year = EXCLUDED.first_year, last_year = EXCLUDED.last_year,
       source = EXCLUDED.source, changed_by = EXCLUDED.changed_by, changed_at = now()`,
    [row.code, row.name, row.firstYear, row.lastYear, row.source, row.changedBy],
  );
}
