import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (machine-room rules): records past their retention are destroyed by a daily workflow unless an open case,
 * an open re-check, a loan out or a legal hold still needs them; what was destroyed, when and under which rule is
 * kept in `destruction_log` — the record's kind and reference, never its data. The log is append-only like the
 * audit trail (a trigger for everyone; the application's role gets no UPDATE or DELETE on it).
 */
export class Retention1765810000000 implements MigrationInterface {
  name = 'Retention1765810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE legal_holds (
        id             uuid PRIMARY KEY,
        policy_number  text NOT NULL,
        branch_code    text NOT NULL,
        channel        text NOT NULL,
        reason_enc     bytea NOT NULL,
        placed_by      text NOT NULL,
        placed_at      timestamptz NOT NULL DEFAULT now(),
        lifted_by      text,
        lifted_at      timestamptz
      );
      CREATE INDEX legal_holds_active_idx ON legal_holds (policy_number) WHERE lifted_at IS NULL;

      CREATE TABLE destruction_log (
        id             bigserial PRIMARY KEY,
        run_id         text NOT NULL,
        rule           text NOT NULL,
        record_kind    text NOT NULL,
        record_ref     text NOT NULL,
        rows           integer NOT NULL,
        destroyed_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX destruction_log_at_idx ON destruction_log (destroyed_at DESC);
      CREATE FUNCTION destruction_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'destruction_log is append-only';
      END $$;
      CREATE TRIGGER destruction_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON destruction_log
        FOR EACH STATEMENT EXECUTE FUNCTION destruction_log_forbid_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE destruction_log; DROP FUNCTION destruction_log_forbid_change(); DROP TABLE legal_holds;`);
  }
}
