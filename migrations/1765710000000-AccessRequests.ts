import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files by permission (doc 4): every customer record (a policy's file: its parties' data) and every evidence file has
 * a confidentiality level, and reading a confidential (机密) or top-secret (绝密) one takes an approved access request,
 * valid for the approved period only.
 *
 * - `policies.confidentiality`, `evidence.confidentiality`: 'normal' unless compliance raised it.
 * - `access_requests`: who asks to read which record, why, for how many days; the level it was asked for, the scope
 *   the record belongs to (who may approve it, who lists it), the approvals (customer service; compliance too for
 *   top secret) and the period it opens. Purpose and reason are free text and may name customers: encrypted.
 *   The partial index answers "may this user read this record now?" from approved requests only.
 */
export class AccessRequests1765710000000 implements MigrationInterface {
  name = 'AccessRequests1765710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE policies ADD COLUMN confidentiality text NOT NULL DEFAULT 'normal'
        CHECK (confidentiality IN ('normal', 'confidential', 'top_secret'));
      ALTER TABLE evidence ADD COLUMN confidentiality text NOT NULL DEFAULT 'normal'
        CHECK (confidentiality IN ('normal', 'confidential', 'top_secret'));

      CREATE TABLE access_requests (
        id                       uuid PRIMARY KEY,
        object_kind              text NOT NULL CHECK (object_kind IN ('policy', 'evidence')),
        object_id                text NOT NULL,
        level                    text NOT NULL CHECK (level IN ('confidential', 'top_secret')),
        branch_code              text NOT NULL,
        channel                  text NOT NULL,
        purpose_enc              bytea NOT NULL,
        reason_enc               bytea NOT NULL,
        days                     integer NOT NULL CHECK (days BETWEEN 1 AND 30),
        requested_by             text NOT NULL,
        requested_role           text NOT NULL,
        requested_at             timestamptz NOT NULL DEFAULT now(),
        status                   text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        service_approved_by      text,
        service_approved_at      timestamptz,
        compliance_approved_by   text,
        compliance_approved_at   timestamptz,
        rejected_by              text,
        rejected_at              timestamptz,
        rejection_reason_enc     bytea,
        valid_from               timestamptz,
        valid_until              timestamptz,
        CHECK (status <> 'approved' OR (valid_from IS NOT NULL AND valid_until = valid_from + days * interval '1 day'))
      );
      CREATE INDEX access_requests_grant_idx ON access_requests (requested_by, object_kind, object_id, valid_until)
        WHERE status = 'approved';
      CREATE INDEX access_requests_scope_idx ON access_requests (branch_code, channel, requested_at DESC);
      CREATE INDEX access_requests_requester_idx ON access_requests (requested_by, requested_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE access_requests;
      ALTER TABLE evidence DROP COLUMN confidentiality;
      ALTER TABLE policies DROP COLUMN confidentiality;
    `);
  }
}
