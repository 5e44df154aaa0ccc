import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files by permission (doc 4): taking customer data out is a loan with a due date of at most 3 days, and a suspected
 * leak is an incident that freezes the exports of the records it names until compliance lifts it.
 *
 * - `loans`: who took what out (the kind of object and its id), why (encrypted: free text may name customers), when,
 *   until when, and when it was returned. `records` are the record keys the file holds (policy numbers, case ids,
 *   evidence ids) and `scope_keys` the 'BRANCH/channel' scopes it belongs to ('*' for every one), which decide who
 *   besides the borrower may list it.
 * - `incidents` and `incident_records`: the report (description encrypted), the records it names, and its lifting.
 *   The partial index answers "is this record frozen?" from the incidents still in force only.
 */
export class LoansAndIncidents1765410000000 implements MigrationInterface {
  name = 'LoansAndIncidents1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE loans (
        id             uuid PRIMARY KEY,
        borrower_id    text NOT NULL,
        borrower_role  text NOT NULL,
        object_kind    text NOT NULL CHECK (object_kind IN ('evidence', 'complaint_attachment', 'suspicious_list', 'import_report', 'quarterly_report')),
        object_id      text NOT NULL,
        object_label   text NOT NULL,
        records        text[] NOT NULL DEFAULT '{}',
        scope_keys     text[] NOT NULL,
        purpose_enc    bytea,
        taken_at       timestamptz NOT NULL,
        due_at         timestamptz NOT NULL,
        reminded_at    timestamptz,
        escalated_at   timestamptz,
        returned_at    timestamptz,
        returned_by    text,
        CHECK (due_at > taken_at AND due_at <= taken_at + interval '3 days')
      );
      CREATE INDEX loans_borrower_idx ON loans (borrower_id, taken_at DESC);
      CREATE INDEX loans_open_idx ON loans (due_at) WHERE returned_at IS NULL;

      CREATE TABLE incidents (
        id               uuid PRIMARY KEY,
        description_enc  bytea NOT NULL,
        reported_by      text NOT NULL,
        reporter_role    text NOT NULL,
        reported_at      timestamptz NOT NULL DEFAULT now(),
        scope_keys       text[] NOT NULL,
        lifted_at        timestamptz,
        lifted_by        text,
        lift_reason_enc  bytea
      );
      CREATE INDEX incidents_reported_idx ON incidents (reported_at DESC);

      CREATE TABLE incident_records (
        incident_id  uuid NOT NULL REFERENCES incidents (id),
        kind         text NOT NULL CHECK (kind IN ('policy', 'case', 'evidence')),
        ref          text NOT NULL,
        active       boolean NOT NULL DEFAULT true,
        PRIMARY KEY (incident_id, kind, ref)
      );
      CREATE INDEX incident_records_active_idx ON incident_records (ref) WHERE active;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incident_records; DROP TABLE incidents; DROP TABLE loans;`);
  }
}
