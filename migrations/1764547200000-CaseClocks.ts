import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases over several policies (issue 7): every scope ('BRANCH/channel') a case's policies touch, so each may read
 * it; and several corrections per case, of any of the seven Art. 2 fields.
 */
export class CaseClocks1764547200000 implements MigrationInterface {
  name = 'CaseClocks1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases ADD COLUMN scope_keys text[] NOT NULL DEFAULT '{}';
      UPDATE cases SET scope_keys = ARRAY[branch_code || '/' || channel];
      CREATE INDEX cases_scope_keys_idx ON cases USING gin (scope_keys);

      ALTER TABLE customer_corrections DROP CONSTRAINT customer_corrections_pkey;
      ALTER TABLE customer_corrections ADD COLUMN position smallint NOT NULL DEFAULT 0;
      ALTER TABLE customer_corrections ADD PRIMARY KEY (case_id, position);
      ALTER TABLE customer_corrections DROP CONSTRAINT customer_corrections_field_check;
      ALTER TABLE customer_corrections ADD CONSTRAINT customer_corrections_field_check
        CHECK (field IN ('name', 'gender', 'birthDate', 'idNumber', 'bankAccount', 'address', 'phone'));
      ALTER TABLE customer_corrections ALTER COLUMN new_hash DROP NOT NULL;
      -- The customer the corrected person is now (another one when an ID-number correction merged them).
      ALTER TABLE customer_corrections ADD COLUMN linked_customer_id bigint REFERENCES customers (id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM customer_corrections WHERE position > 0 OR field NOT IN ('phone', 'bankAccount', 'address');
      ALTER TABLE customer_corrections DROP COLUMN linked_customer_id;
      ALTER TABLE customer_corrections ALTER COLUMN new_hash SET NOT NULL;
      ALTER TABLE customer_corrections DROP CONSTRAINT customer_corrections_field_check;
      ALTER TABLE customer_corrections ADD CONSTRAINT customer_corrections_field_check CHECK (field IN ('phone', 'bankAccount', 'address'));
      ALTER TABLE customer_corrections DROP CONSTRAINT customer_corrections_pkey;
      ALTER TABLE customer_corrections DROP COLUMN position;
      ALTER TABLE customer_corrections ADD PRIMARY KEY (case_id);
      DROP INDEX cases_scope_keys_idx;
      ALTER TABLE cases DROP COLUMN scope_keys;
    `);
  }
}
