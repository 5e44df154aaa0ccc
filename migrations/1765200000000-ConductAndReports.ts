import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seller conduct (R6, R7: Art. 14, 22–24) and the quarterly regulator report (Art. 22, 23), issue 10.
 *
 * A complaint is against exactly one seller or one agency. Verified mis-selling complaints start a re-check
 * campaign (one workflow per subject and trigger); the campaign has one re-check task per in-force policy of the
 * subject. Penalties are decisions of channel management, proposed by cases closed FALSE_INFO_CONFIRMED; agency
 * incidents and referrals to the compliance committee are recorded with the cases behind them. A quarterly report
 * is an immutable snapshot: its data and the hash of its canonical JSON never change; a correction is a new version
 * that names the one it replaces (`replaces_id`), and only when it was filed is recorded afterwards.
 */
export class ConductAndReports1765200000000 implements MigrationInterface {
  name = 'ConductAndReports1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE complaints (
        id               uuid PRIMARY KEY,
        subject_kind     text NOT NULL CHECK (subject_kind IN ('seller', 'agency')),
        subject_code     text NOT NULL,
        policy_number    text NOT NULL,
        channel          text NOT NULL,
        branch_code      text NOT NULL,
        kind             text NOT NULL CHECK (kind IN ('mis_selling', 'other')),
        received_date    date NOT NULL,
        source           text NOT NULL CHECK (source IN ('phone', 'counter', 'letter', 'online', 'regulator')),
        summary          text NOT NULL,
        registered_by    text NOT NULL,
        registered_at    timestamptz NOT NULL DEFAULT now(),
        outcome          text CHECK (outcome IN ('VERIFIED', 'UNFOUNDED')),
        outcome_reason   text,
        verified_by      text,
        verified_at      timestamptz,
        campaign_id      text,
        CHECK ((outcome IS NULL) = (verified_by IS NULL)),
        CHECK (verified_by IS NULL OR verified_by <> registered_by)
      );
      CREATE INDEX complaints_subject_idx ON complaints (subject_kind, subject_code, received_date);
      CREATE INDEX complaints_scope_idx ON complaints (branch_code, channel, registered_at);

      CREATE TABLE complaint_attachments (
        id               uuid PRIMARY KEY,
        complaint_id     uuid NOT NULL REFERENCES complaints (id),
        file_name        text,
        content_type     text NOT NULL,
        size_bytes       bigint NOT NULL,
        sha256           text NOT NULL,
        storage_key      text NOT NULL,
        uploaded_by      text NOT NULL,
        uploaded_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX complaint_attachments_complaint_idx ON complaint_attachments (complaint_id);

      CREATE TABLE recheck_campaigns (
        id               text PRIMARY KEY,
        subject_kind     text NOT NULL CHECK (subject_kind IN ('seller', 'agency')),
        subject_code     text NOT NULL,
        channel          text NOT NULL,
        branch_code      text NOT NULL,
        complaint_ids    uuid[] NOT NULL,
        window_start     date NOT NULL,
        window_end       date NOT NULL,
        status           text NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED')),
        started_at       timestamptz NOT NULL DEFAULT now(),
        finished_at      timestamptz,
        result           jsonb
      );
      CREATE INDEX recheck_campaigns_subject_idx ON recheck_campaigns (subject_kind, subject_code, window_end);

      CREATE TABLE recheck_tasks (
        id               uuid PRIMARY KEY,
        campaign_id      text NOT NULL REFERENCES recheck_campaigns (id),
        policy_number    text NOT NULL,
        channel          text NOT NULL,
        branch_code      text NOT NULL,
        state            text NOT NULL CHECK (state IN ('OPEN', 'DONE')),
        due_at           timestamptz NOT NULL,
        reminded         boolean NOT NULL DEFAULT false,
        escalated        boolean NOT NULL DEFAULT false,
        outcome          text CHECK (outcome IN ('CONFIRMED', 'CORRECTED', 'FALSE_DATA')),
        revisit_made     boolean,
        revisit_result   text,
        corrections      jsonb,
        case_id          text,
        done_by          text,
        done_at          timestamptz,
        UNIQUE (campaign_id, policy_number)
      );
      CREATE INDEX recheck_tasks_open_idx ON recheck_tasks (branch_code, channel, due_at) WHERE state = 'OPEN';

      CREATE TABLE penalty_proposals (
        id               uuid PRIMARY KEY,
        case_id          text NOT NULL UNIQUE,
        subject_kind     text NOT NULL CHECK (subject_kind IN ('seller', 'agency')),
        subject_code     text NOT NULL,
        channel          text NOT NULL,
        branch_code      text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        penalty_id       uuid
      );

      CREATE TABLE penalties (
        id                 uuid PRIMARY KEY,
        subject_kind       text NOT NULL CHECK (subject_kind IN ('seller', 'agency')),
        subject_code       text NOT NULL,
        channel            text NOT NULL,
        branch_code        text NOT NULL,
        kind               text NOT NULL CHECK (kind IN ('warning', 'commission_deduction', 'grade_demotion', 'contract_termination', 'other')),
        amount             numeric(14, 2) CHECK (amount IS NULL OR amount >= 0),
        assessment_period  text NOT NULL,
        reason             text NOT NULL,
        case_ids           text[] NOT NULL DEFAULT '{}',
        campaign_id        text,
        decided_by         text NOT NULL,
        decided_at         timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX penalties_subject_idx ON penalties (subject_kind, subject_code);
      CREATE INDEX penalties_decided_idx ON penalties (decided_at);

      CREATE TABLE agency_incidents (
        id               uuid PRIMARY KEY,
        agency_code      text NOT NULL,
        channel          text NOT NULL,
        branch_code      text NOT NULL,
        kind             text NOT NULL CHECK (kind IN ('refused_true_data', 'provided_false_data')),
        description      text NOT NULL,
        case_ids         text[] NOT NULL DEFAULT '{}',
        recorded_by      text NOT NULL,
        recorded_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX agency_incidents_agency_idx ON agency_incidents (agency_code, recorded_at);

      CREATE TABLE referrals (
        id               uuid PRIMARY KEY,
        subject_kind     text NOT NULL CHECK (subject_kind IN ('seller', 'agency')),
        subject_code     text NOT NULL,
        channel          text NOT NULL,
        branch_code      text NOT NULL,
        opinion          text NOT NULL,
        case_ids         text[] NOT NULL DEFAULT '{}',
        status           text NOT NULL CHECK (status IN ('REFERRED', 'DECIDED')),
        referred_by      text NOT NULL,
        referred_at      timestamptz NOT NULL DEFAULT now(),
        decision         text,
        decided_by       text,
        decided_at       timestamptz,
        CHECK ((status = 'DECIDED') = (decision IS NOT NULL))
      );
      CREATE INDEX referrals_referred_idx ON referrals (referred_at);

      CREATE TABLE quarterly_reports (
        id               uuid PRIMARY KEY,
        quarter          text NOT NULL CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
        version          integer NOT NULL CHECK (version >= 1),
        replaces_id      uuid REFERENCES quarterly_reports (id),
        branch_code      text NOT NULL,
        generated_by     text NOT NULL,
        generated_at     timestamptz NOT NULL DEFAULT now(),
        data             jsonb NOT NULL,
        content_sha256   text NOT NULL,
        correction_note  text,
        filed_at         timestamptz,
        filed_to         text,
        filed_by         text,
        UNIQUE (quarter, branch_code, version),
        CHECK ((version = 1) = (replaces_id IS NULL))
      );
      -- A report's content never changes once written: only the filing columns may be set, once.
      CREATE FUNCTION quarterly_reports_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.data IS DISTINCT FROM OLD.data OR NEW.content_sha256 <> OLD.content_sha256
           OR NEW.quarter <> OLD.quarter OR NEW.version <> OLD.version OR NEW.branch_code <> OLD.branch_code
           OR NEW.replaces_id IS DISTINCT FROM OLD.replaces_id OR NEW.generated_at <> OLD.generated_at THEN
          RAISE EXCEPTION 'a quarterly report is immutable; generate a corrected version instead';
        END IF;
        IF OLD.filed_at IS NOT NULL AND (NEW.filed_at IS DISTINCT FROM OLD.filed_at OR NEW.filed_to IS DISTINCT FROM OLD.filed_to) THEN
          RAISE EXCEPTION 'a report''s filing is recorded once';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER quarterly_reports_immutable BEFORE UPDATE ON quarterly_reports
        FOR EACH ROW EXECUTE FUNCTION quarterly_reports_immutable();
      CREATE FUNCTION quarterly_reports_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a quarterly report is never deleted';
      END $$;
      CREATE TRIGGER quarterly_reports_no_delete BEFORE DELETE ON quarterly_reports
        FOR EACH ROW EXECUTE FUNCTION quarterly_reports_no_delete();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE quarterly_reports;
      DROP FUNCTION quarterly_reports_immutable();
      DROP FUNCTION quarterly_reports_no_delete();
      DROP TABLE referrals;
      DROP TABLE agency_incidents;
      DROP TABLE penalties;
      DROP TABLE penalty_proposals;
      DROP TABLE recheck_tasks;
      DROP TABLE recheck_campaigns;
      DROP TABLE complaint_attachments;
      DROP TABLE complaints;
    `);
  }
}
