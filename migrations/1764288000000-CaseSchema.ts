import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases (R5): the working-day calendar, the read model the case workflows keep current (cases, case_events),
 * notifications, evidence files and their signatures, the history of corrected customer data, and the staff
 * directory escalations pick a compliance supervisor from.
 */
export class CaseSchema1764288000000 implements MigrationInterface {
  name = 'CaseSchema1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Days that differ from the weekend rule: public holidays on weekdays and make-up working days on weekends.
      CREATE TABLE calendar_days (
        date     date PRIMARY KEY,
        kind     text NOT NULL CHECK (kind IN ('holiday', 'workday')),
        name     text,
        source   text NOT NULL CHECK (source IN ('official', 'provisional', 'manual')),
        changed_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE calendar_years (
        year       integer PRIMARY KEY,
        status     text NOT NULL CHECK (status IN ('official', 'provisional')),
        changed_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE staff (
        user_id      text PRIMARY KEY,
        name         text,
        role         text NOT NULL,
        branch_code  text NOT NULL,
        active       boolean NOT NULL DEFAULT true,
        updated_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX staff_role_branch_idx ON staff (role, branch_code) WHERE active;

      CREATE TABLE cases (
        case_id                   text PRIMARY KEY,
        finding_key               text NOT NULL UNIQUE,
        rule                      text NOT NULL,
        state                     text NOT NULL,
        channel                   text NOT NULL,
        branch_code               text NOT NULL,
        seller_code               text,
        assignee_id               text,
        compliance_supervisor_id  text,
        escalated                 boolean NOT NULL DEFAULT false,
        urgent                    boolean NOT NULL DEFAULT false,
        cooling_off_breached      boolean NOT NULL DEFAULT false,
        outcome                   text,
        due_at                    timestamptz,
        investigation_due_at      timestamptz,
        revisit_deadline_at       timestamptz,
        cooling_off_ends_at       timestamptz,
        policy_numbers            text[] NOT NULL,
        investigators             text[] NOT NULL DEFAULT '{}',
        view                      jsonb NOT NULL,
        seq                       integer NOT NULL,
        opened_at                 timestamptz NOT NULL,
        updated_at                timestamptz NOT NULL,
        closed_at                 timestamptz
      );
      CREATE INDEX cases_scope_state_idx ON cases (branch_code, channel, state);
      CREATE INDEX cases_assignee_idx ON cases (assignee_id) WHERE state <> 'CLOSED';
      CREATE INDEX cases_due_idx ON cases (due_at) WHERE state <> 'CLOSED';

      CREATE TABLE case_events (
        case_id    text NOT NULL REFERENCES cases (case_id),
        seq        integer NOT NULL,
        type       text NOT NULL,
        actor_id   text NOT NULL,
        at         timestamptz NOT NULL,
        detail     jsonb NOT NULL,
        PRIMARY KEY (case_id, seq)
      );

      CREATE TABLE notifications (
        id          bigserial PRIMARY KEY,
        case_id     text NOT NULL,
        seq         integer NOT NULL,
        recipient   text NOT NULL,
        kind        text NOT NULL,
        message     text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (case_id, seq, recipient)
      );
      CREATE INDEX notifications_recipient_idx ON notifications (recipient, id);

      -- Files are content-addressed and never overwritten or deleted; a newer file supersedes an older one.
      CREATE TABLE evidence (
        id            uuid PRIMARY KEY,
        case_id       text NOT NULL REFERENCES cases (case_id),
        type          text NOT NULL,
        sha256        text NOT NULL,
        size          integer NOT NULL,
        media_type    text NOT NULL,
        file_name     text,
        storage_key   text NOT NULL,
        uploaded_by   text NOT NULL,
        uploaded_at   timestamptz NOT NULL DEFAULT now(),
        signed_by     text,
        signed_at     timestamptz,
        signature     text,
        key_id        text,
        supersedes    uuid REFERENCES evidence (id)
      );
      CREATE INDEX evidence_case_idx ON evidence (case_id);

      -- The old value of corrected customer data, kept when a CORRECTED case is approved.
      CREATE TABLE customer_corrections (
        case_id       text PRIMARY KEY REFERENCES cases (case_id),
        customer_id   bigint NOT NULL REFERENCES customers (id),
        field         text NOT NULL CHECK (field IN ('phone', 'bankAccount', 'address')),
        old_enc       bytea,
        old_text      text,
        old_hash      bytea,
        new_hash      bytea NOT NULL,
        corrected_by  text NOT NULL,
        corrected_at  timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE customer_corrections;
      DROP TABLE evidence;
      DROP TABLE notifications;
      DROP TABLE case_events;
      DROP TABLE cases;
      DROP TABLE staff;
      DROP TABLE calendar_years;
      DROP TABLE calendar_days;
    `);
  }
}
