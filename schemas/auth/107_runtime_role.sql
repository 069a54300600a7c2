-- The role auth's pooled connections act as (SET ROLE, common/db/pool.cpp): everything the service
-- does, but it cannot change, remove or truncate audit entries, whatever a bug or an injected
-- statement tries. Migrations and the operator's command line act as the connecting role. Where
-- the migrating role may not create roles (a managed database), this does nothing and the
-- triggers of 104_audit_log.sql stand alone.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hub_auth_runtime') THEN
    IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
      RAISE NOTICE 'hub_auth_runtime not created (no CREATEROLE): the audit log relies on its triggers';
      RETURN;
    END IF;
    CREATE ROLE hub_auth_runtime NOLOGIN;
  END IF;
  EXECUTE format('GRANT hub_auth_runtime TO %I', current_user);
  GRANT USAGE ON SCHEMA auth TO hub_auth_runtime;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA auth TO hub_auth_runtime;
  GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA auth TO hub_auth_runtime;
  REVOKE UPDATE, DELETE, TRUNCATE ON auth.audit_log FROM hub_auth_runtime;
  -- Tables of later migrations are the service's to use; none of them is the audit log.
  ALTER DEFAULT PRIVILEGES IN SCHEMA auth GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO hub_auth_runtime;
  ALTER DEFAULT PRIVILEGES IN SCHEMA auth GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO hub_auth_runtime;
END
$$;
