import type { EntityManager } from 'typeorm';

/** The staff table: who works where, the routing of escalations (identities stay with the identity provider). */

export interface StaffRow {
  userId: string;
  name: string | null;
  role: string;
  branchCode: string;
  active: boolean;
}

export async function listStaff(db: EntityManager): Promise<StaffRow[]> {
  return db.query(
    `SELECT user_id AS "userId", name, role, branch_code AS "branchCode", active FROM staff ORDER BY user_id`,
  );
}

export async function upsertStaff(db: EntityManager, row: StaffRow): Promise<void> {
  await db.query(
    `INSERT INTO staff (user_id, name, role, branch_code, active) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, branch_code = EXCLUDED.branch_code,
       active = EXCLUDED.active, updated_at = now()`,
    [row.userId, row.name, row.role, row.branchCode, row.active],
  );
}
