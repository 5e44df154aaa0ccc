import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The T+1 suspicious list (R4): detection runs, findings (one per cluster of customers sharing a value, with a
 * generation so a cleared cluster that grows is raised again), each run's list, approved third-party payers, and
 * blind indexes of sellers' and agencies' addresses.
 */
export class DetectionSchema1764374400000 implements MigrationInterface {
  name = 'DetectionSchema1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Whether the account holder is the policyholder (names compared after normalisation at write time), so the
      -- third-party-payer rule reads a small partial index instead of comparing names over every account.
      ALTER TABLE bank_accounts ADD COLUMN holder_is_policyholder boolean NOT NULL DEFAULT true;
      CREATE INDEX bank_accounts_third_party_idx ON bank_accounts (policy_id) WHERE NOT holder_is_policyholder;

      ALTER TABLE sellers ADD COLUMN address_hash bytea;
      ALTER TABLE agencies ADD COLUMN address_hash bytea;
      CREATE INDEX agencies_phone_hash_idx ON agencies (phone_hash);

      -- Premiums may come from another person's account only through an approved exception (Art. 11).
      CREATE TABLE payer_exceptions (
        policy_number  text PRIMARY KEY REFERENCES policies (policy_number),
        reason         text NOT NULL,
        approved_by    text NOT NULL,
        approved_at    timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE detection_runs (
        id              uuid PRIMARY KEY,
        trigger         text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        full_scan       boolean NOT NULL,
        status          text NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
        requested_by    text,
        started_at      timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz,
        watermark_from  timestamptz,
        watermark_to    timestamptz NOT NULL,
        business_date   date NOT NULL,
        published       boolean NOT NULL DEFAULT false,
        counts          jsonb NOT NULL DEFAULT '{}',
        cases_opened    integer NOT NULL DEFAULT 0,
        cases_told      integer NOT NULL DEFAULT 0,
        error           text
      );
      CREATE INDEX detection_runs_started_idx ON detection_runs (started_at DESC);

      -- One finding per (rule, cluster reference, generation). The reference is the shared value's blind index
      -- (hex) or, for a third-party payer, the policy number.
      CREATE TABLE findings (
        finding_key     text PRIMARY KEY,
        rule            text NOT NULL,
        cluster_ref     text NOT NULL,
        generation      integer NOT NULL,
        customer_ids    bigint[] NOT NULL,
        policy_numbers  text[] NOT NULL,
        channel         text NOT NULL,
        branch_code     text NOT NULL,
        seller_code     text,
        first_run_id    uuid NOT NULL REFERENCES detection_runs (id),
        last_run_id     uuid NOT NULL REFERENCES detection_runs (id),
        case_id         text,
        case_told_customers bigint[] NOT NULL DEFAULT '{}',
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (rule, cluster_ref, generation)
      );
      CREATE INDEX findings_cluster_idx ON findings (rule, cluster_ref, generation DESC);

      -- The list a run produced: its new findings and those that gained a customer.
      CREATE TABLE run_findings (
        run_id       uuid NOT NULL REFERENCES detection_runs (id),
        finding_key  text NOT NULL REFERENCES findings (finding_key),
        change       text NOT NULL CHECK (change IN ('new', 'grown')),
        PRIMARY KEY (run_id, finding_key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE run_findings;
      DROP TABLE findings;
      DROP TABLE detection_runs;
      DROP TABLE payer_exceptions;
      DROP INDEX agencies_phone_hash_idx;
      ALTER TABLE agencies DROP COLUMN address_hash;
      ALTER TABLE sellers DROP COLUMN address_hash;
      DROP INDEX bank_accounts_third_party_idx;
      ALTER TABLE bank_accounts DROP COLUMN holder_is_policyholder;
    `);
  }
}
