import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Detection's writes (issue 12). A full run at 1M writes 20,000 findings and 20,000 list rows; the four foreign keys
 * on them cost a check a row (at 1M about 60 ms of the findings insert's 117 and 68 ms of the list's 102, for each
 * shared-value rule), a third of what writing them costs. What they guarded is kept another way:
 * - a finding and a list row are written only in the transaction that holds their run's row locked (detectRule,
 *   beginRun, finishRun), and the list's new rows are the keys the findings insert returned;
 * - runs and findings are never deleted (nothing in Verity deletes them; retention destroys customers and policies,
 *   which findings name by id and number only): a trigger refuses DELETE and TRUNCATE once a statement, so no list
 *   row or finding is left pointing at nothing. A restore writes past it as it writes past the foreign keys.
 * findings_cluster_idx repeated the index of UNIQUE (rule, cluster_ref, generation), which serves the same lookups
 * (the latest generation of a cluster) read backwards.
 */
export class DetectionWrites1766010000000 implements MigrationInterface {
  name = 'DetectionWrites1766010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE findings DROP CONSTRAINT findings_first_run_id_fkey, DROP CONSTRAINT findings_last_run_id_fkey;
      ALTER TABLE run_findings DROP CONSTRAINT run_findings_run_id_fkey, DROP CONSTRAINT run_findings_finding_key_fkey;
      DROP INDEX findings_cluster_idx;
      CREATE FUNCTION detection_forbid_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% keeps every row: findings and run lists point at them', TG_TABLE_NAME;
      END $$;
      CREATE TRIGGER detection_runs_kept BEFORE DELETE OR TRUNCATE ON detection_runs
        FOR EACH STATEMENT EXECUTE FUNCTION detection_forbid_delete();
      CREATE TRIGGER findings_kept BEFORE DELETE OR TRUNCATE ON findings
        FOR EACH STATEMENT EXECUTE FUNCTION detection_forbid_delete();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER findings_kept ON findings;
      DROP TRIGGER detection_runs_kept ON detection_runs;
      DROP FUNCTION detection_forbid_delete();
      CREATE INDEX findings_cluster_idx ON findings (rule, cluster_ref, generation DESC);
      ALTER TABLE run_findings ADD CONSTRAINT run_findings_finding_key_fkey FOREIGN KEY (finding_key) REFERENCES findings (finding_key),
        ADD CONSTRAINT run_findings_run_id_fkey FOREIGN KEY (run_id) REFERENCES detection_runs (id);
      ALTER TABLE findings ADD CONSTRAINT findings_first_run_id_fkey FOREIGN KEY (first_run_id) REFERENCES detection_runs (id),
        ADD CONSTRAINT findings_last_run_id_fkey FOREIGN KEY (last_run_id) REFERENCES detection_runs (id);
    `);
  }
}
