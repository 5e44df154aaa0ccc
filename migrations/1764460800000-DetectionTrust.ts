import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trust in detection: findings without an opened case are found fast (every run reconciles them), a run records
 * how many it reconciled, sellers get an identity document (so a seller who is their own customer is recognised),
 * and a stored accepted policy that a backlog re-check would now refuse is flagged instead of flipped.
 */
export class DetectionTrust1764460800000 implements MigrationInterface {
  name = 'DetectionTrust1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Findings whose case was never started, or not told of every customer: each run picks them up again.
      CREATE INDEX findings_case_pending_idx ON findings (finding_key)
        WHERE case_id IS NULL OR NOT (customer_ids <@ case_told_customers);
      ALTER TABLE detection_runs ADD COLUMN reconciled integer NOT NULL DEFAULT 0;

      -- A seller's own identity document, encrypted with a blind index of (type, number) like customers'.
      ALTER TABLE sellers ADD COLUMN id_type text;
      ALTER TABLE sellers ADD COLUMN id_number_enc bytea;
      ALTER TABLE sellers ADD COLUMN id_number_hash bytea;
      ALTER TABLE sellers ADD CONSTRAINT sellers_id_complete CHECK ((id_type IS NULL) = (id_number_hash IS NULL) AND (id_number_hash IS NULL) = (id_number_enc IS NULL));

      -- The backlog re-check never refuses a stored accepted policy; it records why it would now fail
      -- (detection turns the flag into a RECHECK_FAILED finding and a case).
      ALTER TABLE policies ADD COLUMN recheck_failed_at timestamptz;
      ALTER TABLE policies ADD COLUMN recheck_reasons jsonb;
      CREATE INDEX policies_recheck_failed_idx ON policies (id) WHERE recheck_failed_at IS NOT NULL;
      -- ID_CONFLICT groups the parties of one customer.
      CREATE INDEX policy_parties_customer_name_idx ON policy_parties (customer_id) INCLUDE (name, birth_date) WHERE customer_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX policy_parties_customer_name_idx;
      DROP INDEX policies_recheck_failed_idx;
      ALTER TABLE policies DROP COLUMN recheck_reasons;
      ALTER TABLE policies DROP COLUMN recheck_failed_at;
      ALTER TABLE sellers DROP CONSTRAINT sellers_id_complete;
      ALTER TABLE sellers DROP COLUMN id_number_hash;
      ALTER TABLE sellers DROP COLUMN id_number_enc;
      ALTER TABLE sellers DROP COLUMN id_type;
      ALTER TABLE detection_runs DROP COLUMN reconciled;
      DROP INDEX findings_case_pending_idx;
    `);
  }
}
