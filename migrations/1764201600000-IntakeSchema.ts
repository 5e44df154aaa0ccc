import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records for the intake gate: sellers and agencies, customers (one per ID type + number), policies with
 * their parties, contact points and premium account, bulk imports, and the append-only audit log.
 * Sensitive values are stored as AES-GCM ciphertext (`*_enc`) beside an HMAC blind index (`*_hash`).
 */
export class IntakeSchema1764201600000 implements MigrationInterface {
  name = 'IntakeSchema1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agencies (
        id            bigserial PRIMARY KEY,
        code          text NOT NULL UNIQUE,
        name          text NOT NULL,
        channel       text NOT NULL CHECK (channel IN ('agency', 'bancassurance', 'intermediary')),
        branch_code   text NOT NULL,
        phone_enc     bytea,
        phone_hash    bytea,
        address       text,
        active        boolean NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE sellers (
        id            bigserial PRIMARY KEY,
        code          text NOT NULL UNIQUE,
        name          text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('agent', 'bancassurance_manager', 'agency_staff')),
        channel       text NOT NULL CHECK (channel IN ('agency', 'bancassurance', 'intermediary')),
        branch_code   text NOT NULL,
        agency_code   text REFERENCES agencies (code) ON UPDATE CASCADE,
        phone_enc     bytea,
        phone_hash    bytea,
        address       text,
        qualified_on  date,
        active        boolean NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sellers_phone_hash_idx ON sellers (phone_hash);

      CREATE TABLE customers (
        id              bigserial PRIMARY KEY,
        id_type         text NOT NULL,
        id_number_hash  bytea NOT NULL,
        id_number_enc   bytea NOT NULL,
        name            text,
        gender          char(1),
        birth_date      date,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (id_type, id_number_hash)
      );

      CREATE TABLE imports (
        id            uuid PRIMARY KEY,
        kind          text NOT NULL CHECK (kind IN ('policies', 'backlog')),
        format        text CHECK (format IN ('csv', 'ndjson')),
        file_name     text,
        status        text NOT NULL CHECK (status IN ('STAGING', 'RUNNING', 'COMPLETED', 'FAILED')),
        created_by    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        total_rows    integer NOT NULL DEFAULT 0,
        rows_read     integer NOT NULL DEFAULT 0,
        accepted      integer NOT NULL DEFAULT 0,
        refused       integer NOT NULL DEFAULT 0,
        bad           integer NOT NULL DEFAULT 0,
        error         text
      );

      -- Rows of an upload waiting to be processed; a batch deletes its rows in the transaction that writes
      -- them, so a retried batch finds nothing left to do and nothing is written twice.
      CREATE TABLE import_rows (
        import_id   uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        line_no     integer NOT NULL,
        payload     text,
        -- Set instead of payload when the line could not even be read as a record (e.g. wrong column count).
        parse_error text,
        PRIMARY KEY (import_id, line_no)
      );

      -- Batches already committed: a batch retried after a crash finds itself here and does nothing twice.
      CREATE TABLE import_batches_done (
        import_id   uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        batch_from  bigint NOT NULL,
        PRIMARY KEY (import_id, batch_from)
      );

      -- Refused (underwriting said no) and bad (unreadable, duplicate) rows, with their line numbers.
      CREATE TABLE import_row_issues (
        import_id      uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        line_no        bigint NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('refused', 'bad')),
        policy_number  text,
        reasons        jsonb NOT NULL,
        PRIMARY KEY (import_id, line_no)
      );

      CREATE TABLE policies (
        id                        bigserial PRIMARY KEY,
        policy_number             text NOT NULL UNIQUE,
        product_code              text NOT NULL,
        product_category          text NOT NULL,
        term_months               integer NOT NULL,
        channel                   text NOT NULL,
        branch_code               text NOT NULL,
        seller_code               text NOT NULL,
        agency_code               text,
        application_date          date NOT NULL,
        receipt_signed_date       date,
        cooling_off_days          integer NOT NULL,
        status                    text NOT NULL CHECK (status IN ('ACCEPTED', 'REJECTED')),
        reasons                   jsonb NOT NULL DEFAULT '[]',
        in_scope                  boolean NOT NULL,
        insured_is_policyholder   boolean NOT NULL,
        source                    text NOT NULL CHECK (source IN ('api', 'import')),
        import_id                 uuid REFERENCES imports (id) ON DELETE SET NULL,
        underwritten_at           timestamptz NOT NULL,
        created_at                timestamptz NOT NULL DEFAULT now(),
        updated_at                timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX policies_branch_channel_idx ON policies (branch_code, channel);
      CREATE INDEX policies_seller_idx ON policies (seller_code);
      CREATE INDEX policies_updated_idx ON policies (updated_at);

      -- What was entered for each party on this policy (kept even when refused); customer_id links the
      -- person once the ID number is valid.
      CREATE TABLE policy_parties (
        policy_id       bigint NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
        role            text NOT NULL CHECK (role IN ('policyholder', 'insured')),
        customer_id     bigint REFERENCES customers (id),
        name            text,
        gender          text,
        birth_date      text,
        id_type         text,
        id_number_enc   bytea,
        id_number_hash  bytea,
        PRIMARY KEY (policy_id, role)
      );
      CREATE INDEX policy_parties_customer_idx ON policy_parties (customer_id);

      CREATE TABLE contact_points (
        id            bigserial PRIMARY KEY,
        policy_id     bigint NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
        role          text NOT NULL CHECK (role IN ('policyholder', 'insured')),
        customer_id   bigint REFERENCES customers (id),
        kind          text NOT NULL CHECK (kind IN ('phone', 'address')),
        position      smallint NOT NULL,
        value_enc     bytea,
        value_text    text,
        value_hash    bytea NOT NULL,
        valid         boolean NOT NULL
      );
      CREATE INDEX contact_points_policy_idx ON contact_points (policy_id);
      -- Covering (customer_id included): detection's first phase is an index-only scan.
      CREATE INDEX contact_points_hash_idx ON contact_points (kind, value_hash) INCLUDE (customer_id);

      CREATE TABLE bank_accounts (
        policy_id       bigint PRIMARY KEY REFERENCES policies (id) ON DELETE CASCADE,
        payer_customer_id bigint REFERENCES customers (id),
        account_enc     bytea NOT NULL,
        account_hash    bytea NOT NULL,
        holder_name     text,
        valid           boolean NOT NULL
      );
      CREATE INDEX bank_accounts_hash_idx ON bank_accounts (account_hash) INCLUDE (payer_customer_id);

      CREATE TABLE audit_log (
        id            bigserial PRIMARY KEY,
        at            timestamptz NOT NULL DEFAULT now(),
        actor_id      text NOT NULL,
        actor_role    text NOT NULL,
        action        text NOT NULL,
        entity_type   text NOT NULL,
        entity_id     text NOT NULL,
        before_hash   text,
        after_hash    text,
        detail        jsonb
      );
      CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);

      -- Append-only: history cannot be edited or erased through SQL either.
      CREATE FUNCTION audit_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log;
      DROP FUNCTION audit_log_forbid_change();
      DROP TABLE bank_accounts;
      DROP TABLE contact_points;
      DROP TABLE policy_parties;
      DROP TABLE policies;
      DROP TABLE import_row_issues;
      DROP TABLE import_batches_done;
      DROP TABLE import_rows;
      DROP TABLE imports;
      DROP TABLE customers;
      DROP TABLE sellers;
      DROP TABLE agencies;
    `);
  }
}
