import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Area codes an administrator adds between releases of the shipped table (PUT /api/area-codes/{code}), e.g. a
 * county created by the Ministry of Civil Affairs this year. One row per code; it replaces the shipped entries.
 */
export class AreaCodesExtra1765000000000 implements MigrationInterface {
  name = 'AreaCodesExtra1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE area_codes_extra (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        first_year integer CHECK (first_year BETWEEN 1949 AND 2100),
        last_year integer CHECK (last_year BETWEEN 1949 AND 2100),
        source text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        CHECK (first_year IS NULL OR last_year IS NULL OR first_year <= last_year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE area_codes_extra;`);
  }
}
