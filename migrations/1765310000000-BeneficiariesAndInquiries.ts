import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Beneficiaries as policy parties, and inquiries after identity verification (issue 11, R8: Art. 17, 19, 21).
 *
 * - policy_beneficiaries: the named beneficiaries of a policy in order, each with a share in percent; the ID
 *   number encrypted with the field cipher and blind-indexed (`type:number`) like the other parties. No rows: the
 *   legal heirs.
 * - inquiry_attempts: every inquiry, granted, refused or locked, with the blind index of the asserted identity
 *   (never the ID in clear) and the policy number asked about, whether or not it exists. Failures are counted here.
 * - inquiry_locks: the lock of an asker identity or a policy number after too many failures, and until when.
 */
export class BeneficiariesAndInquiries1765310000000 implements MigrationInterface {
  name = 'BeneficiariesAndInquiries1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_beneficiaries (
        policy_id       bigint NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
        position        smallint NOT NULL,
        name            text NOT NULL,
        id_type         text NOT NULL,
        id_number_enc   bytea NOT NULL,
        id_number_hash  bytea NOT NULL,
        share           numeric(5, 2) NOT NULL CHECK (share > 0 AND share <= 100),
        PRIMARY KEY (policy_id, position)
      );
      CREATE INDEX policy_beneficiaries_id_hash_idx ON policy_beneficiaries (id_number_hash);

      CREATE TABLE inquiry_attempts (
        id          bigserial PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        actor_id    text NOT NULL,
        policy_key  text NOT NULL,
        asker_hash  bytea NOT NULL,
        relation    text NOT NULL CHECK (relation IN ('policyholder', 'insured', 'beneficiary')),
        channel     text NOT NULL CHECK (channel IN ('counter', 'phone')),
        outcome     text NOT NULL CHECK (outcome IN ('granted', 'refused', 'locked'))
      );
      CREATE INDEX inquiry_attempts_asker_failures_idx ON inquiry_attempts (asker_hash, at) WHERE outcome = 'refused';
      CREATE INDEX inquiry_attempts_policy_failures_idx ON inquiry_attempts (policy_key, at) WHERE outcome = 'refused';

      CREATE TABLE inquiry_locks (
        kind          text NOT NULL CHECK (kind IN ('asker', 'policy')),
        key           text NOT NULL,
        locked_at     timestamptz NOT NULL,
        locked_until  timestamptz NOT NULL,
        PRIMARY KEY (kind, key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inquiry_locks; DROP TABLE inquiry_attempts; DROP TABLE policy_beneficiaries;`);
  }
}
