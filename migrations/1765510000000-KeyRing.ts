import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key rotation (issue 11, `npm run keys:rotate`): the database names the data key whose blind index the stored
 * hashes are under (null until the first process finds out which key of its ring made them), and, during a rotation,
 * the key being rotated out. The rotation's progress per table lets an interrupted run resume where it stopped.
 */
export class KeyRing1765510000000 implements MigrationInterface {
  name = 'KeyRing1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE key_ring_state (
        singleton              boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        index_key_id           text,
        previous_index_key_id  text,
        rotation_started_at    timestamptz,
        rotated_at             timestamptz
      );
      INSERT INTO key_ring_state DEFAULT VALUES;

      CREATE TABLE key_rotation_progress (
        target_key_id  text NOT NULL,
        table_name     text NOT NULL,
        last_key       jsonb NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (target_key_id, table_name)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE key_rotation_progress;
      DROP TABLE key_ring_state;
    `);
  }
}
