-- The audit log: who did what, to what, when, from where. Append-only (triggers refuse UPDATE,
-- DELETE and TRUNCATE), and each entry carries the SHA-256 of the previous entry's hash and its own
-- content, so an entry edited or removed behind the triggers' back breaks the chain
-- (`hub-auth admin verify-audit`).
CREATE TABLE audit_log (
  seq             bigserial PRIMARY KEY,
  id              uuid NOT NULL UNIQUE,
  org_id          uuid,
  actor_id        uuid,
  actor_name      text NOT NULL DEFAULT '',
  action          text NOT NULL,
  target          text NOT NULL,
  details         jsonb NOT NULL DEFAULT '{}',
  source_address  text NOT NULL DEFAULT '',
  created_at      text NOT NULL,  -- RFC 3339 with microseconds, exactly as hashed
  prev_hash       text NOT NULL,
  hash            text NOT NULL
);
CREATE INDEX audit_log_by_org ON audit_log (org_id, seq);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
