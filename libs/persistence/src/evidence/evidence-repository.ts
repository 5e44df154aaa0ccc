import type { EntityManager } from 'typeorm';
import type { EvidenceType } from '../../../contracts/src/case.contract';

/** The evidence table: one row per file attached to a case (the file itself is in the content-addressed store). */

export interface EvidenceRow {
  id: string;
  case_id: string;
  type: EvidenceType;
  sha256: string;
  size: number;
  media_type: string;
  file_name: string | null;
  storage_key: string;
  uploaded_by: string;
  signed_by: string | null;
  signed_at: Date | null;
  signature: string | null;
  key_id: string | null;
}

export type NewEvidence = Omit<EvidenceRow, 'signed_at'> & { signed_at: string | null; supersedes: string | null };

export async function insertEvidence(db: EntityManager, e: NewEvidence): Promise<void> {
  await db.query(
    `INSERT INTO evidence (id, case_id, type, sha256, size, media_type, file_name, storage_key, uploaded_by, signed_by, signed_at, signature, key_id, supersedes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      e.id,
      e.case_id,
      e.type,
      e.sha256,
      e.size,
      e.media_type,
      e.file_name,
      e.storage_key,
      e.uploaded_by,
      e.signed_by,
      e.signed_at,
      e.signature,
      e.key_id,
      e.supersedes,
    ],
  );
}

export async function deleteEvidence(db: EntityManager, id: string): Promise<void> {
  await db.query(`DELETE FROM evidence WHERE id = $1`, [id]);
}

export async function findEvidenceOnCase(
  db: EntityManager,
  caseId: string,
  evidenceId: string,
): Promise<EvidenceRow | null> {
  const rows: EvidenceRow[] = await db.query(`SELECT * FROM evidence WHERE id = $1 AND case_id = $2`, [
    evidenceId,
    caseId,
  ]);
  return rows[0] ?? null;
}

/** A case's files as its detail shows them, oldest first. */
export async function listEvidenceOfCase(db: EntityManager, caseId: string): Promise<Array<Record<string, unknown>>> {
  return db.query(
    `SELECT id, type, sha256, size, media_type AS "mediaType", file_name AS "fileName", uploaded_by AS "uploadedBy",
            uploaded_at AS "uploadedAt", signed_by AS "signedBy", signed_at AS "signedAt", key_id AS "keyId",
            confidentiality
     FROM evidence WHERE case_id = $1 ORDER BY uploaded_at`,
    [caseId],
  );
}
