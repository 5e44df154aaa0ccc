import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail proves itself (issue 11, R8): every audit_log entry gets a link in audit_chain holding its
 * position, the previous link's hash and its own hash over the entry's canonical content. A deferred trigger
 * makes the link at commit time, under the one row of audit_chain_head locked FOR UPDATE, so concurrent
 * writers take turns (the chain cannot fork) and hold the lock only while they commit; a transaction that rolls
 * back leaves no link, so the chain has no gaps. Links are append-only like the entries. The trigger runs as the
 * owner: the application's role may read the chain but cannot write it (see runMigrations' grants).
 *
 * The canonical content is the fields below, each written as `s<bytes>:<text>;` (or `n;` for null), so no value
 * can imitate a field boundary; apps' verifier (libs/persistence/src/audit/audit-chain.ts) recomputes it.
 */
export class AuditChain1765610000000 implements MigrationInterface {
  name = 'AuditChain1765610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_chain_head (
        singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        seq         bigint NOT NULL,
        entry_hash  text NOT NULL
      );
      INSERT INTO audit_chain_head (seq, entry_hash) VALUES (0, repeat('0', 64));

      CREATE TABLE audit_chain (
        seq         bigint PRIMARY KEY,
        audit_id    bigint NOT NULL UNIQUE REFERENCES audit_log (id),
        prev_hash   text NOT NULL,
        entry_hash  text NOT NULL
      );
      -- Auditors search by time and by who acted (GET /api/audit); the entity index exists already.
      CREATE INDEX audit_log_at_idx ON audit_log (at);
      CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);

      CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_chain
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change();

      CREATE FUNCTION audit_field(v text) RETURNS text IMMUTABLE LANGUAGE sql AS $$
        SELECT CASE WHEN v IS NULL THEN 'n;' ELSE 's' || octet_length(v) || ':' || v || ';' END
      $$;

      CREATE FUNCTION audit_entry_hash(prev_hash text, seq bigint, e audit_log) RETURNS text STABLE LANGUAGE sql AS $$
        SELECT encode(sha256(convert_to(
          audit_field(prev_hash) || audit_field(seq::text) || audit_field(e.id::text)
          || audit_field(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
          || audit_field(e.actor_id) || audit_field(e.actor_role) || audit_field(e.action)
          || audit_field(e.entity_type) || audit_field(e.entity_id)
          || audit_field(e.before_hash) || audit_field(e.after_hash) || audit_field(e.detail::text),
          'UTF8')), 'hex')
      $$;

      -- The one way a link is made: the next position under the locked head, then the head moves on.
      CREATE FUNCTION audit_chain_append(e audit_log) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public, pg_temp AS $$
      DECLARE
        head audit_chain_head%ROWTYPE;
        next_seq bigint;
        digest text;
      BEGIN
        SELECT * INTO head FROM audit_chain_head WHERE singleton FOR UPDATE;
        next_seq := head.seq + 1;
        digest := audit_entry_hash(head.entry_hash, next_seq, e);
        INSERT INTO audit_chain (seq, audit_id, prev_hash, entry_hash) VALUES (next_seq, e.id, head.entry_hash, digest);
        UPDATE audit_chain_head SET seq = next_seq, entry_hash = digest WHERE singleton;
      END $$;

      -- Only the owner may run it (the trigger runs as the owner): no role can link a row of its own making.
      REVOKE EXECUTE ON FUNCTION audit_chain_append(audit_log) FROM PUBLIC;

      CREATE FUNCTION audit_chain_link() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM audit_chain_append(NEW);
        RETURN NULL;
      END $$;
    `);

    // Entries written before the chain existed are linked in id order, once.
    await q.query(`
      DO $$
      DECLARE e audit_log;
      BEGIN
        FOR e IN SELECT * FROM audit_log ORDER BY id LOOP
          PERFORM audit_chain_append(e);
        END LOOP;
      END $$;

      CREATE CONSTRAINT TRIGGER audit_log_chain AFTER INSERT ON audit_log
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_chain_link();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_log_chain ON audit_log;
      DROP TABLE audit_chain;
      DROP TABLE audit_chain_head;
      DROP INDEX audit_log_actor_idx;
      DROP INDEX audit_log_at_idx;
      DROP FUNCTION audit_chain_link();
      DROP FUNCTION audit_chain_append(audit_log);
      DROP FUNCTION audit_entry_hash(text, bigint, audit_log);
      DROP FUNCTION audit_field(text);
    `);
  }
}
