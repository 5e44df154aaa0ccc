import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case list's order (issue 12): `GET /api/cases` pages every case in the caller's scope by (due_at NULLS LAST,
 * case_id), and no index had that order, so each page read and sorted them all (100,000 cases: a seq scan of the
 * 190 MB table and a top-N sort, 85–100 ms a page; 2 ms with this index). scope_keys is carried so the page's total
 * can be counted from the index alone where the visibility map allows (40 ms instead of 105–250 ms at 100,000).
 */
export class CaseListOrder1765910000000 implements MigrationInterface {
  name = 'CaseListOrder1765910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_list_order_idx ON cases (due_at, case_id) INCLUDE (scope_keys)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_list_order_idx`);
  }
}
