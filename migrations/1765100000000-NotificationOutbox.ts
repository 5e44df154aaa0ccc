import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification webhook leaves the case step (issue 8): the event's transaction writes one outbox row per
 * event with new notifications, and a separate workflow's activity delivers it, retrying until the endpoint
 * accepts it. `endpoint` is the URL the row was written for, so a worker only drains what is addressed to its own.
 */
export class NotificationOutbox1765100000000 implements MigrationInterface {
  name = 'NotificationOutbox1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_outbox (
        id               bigserial PRIMARY KEY,
        case_id          text NOT NULL,
        seq              integer NOT NULL,
        endpoint         text NOT NULL,
        body             jsonb NOT NULL,
        notification_ids bigint[] NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        attempts         integer NOT NULL DEFAULT 0,
        last_error       text,
        delivered_at     timestamptz,
        UNIQUE (case_id, seq, endpoint)
      );
      CREATE INDEX notification_outbox_pending_idx ON notification_outbox (endpoint, attempts, id) WHERE delivered_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_outbox`);
  }
}
