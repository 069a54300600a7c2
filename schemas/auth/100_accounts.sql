-- Accounts and the credentials that act for them (api.md, "Identity, tokens, orgs").
-- Names and emails are unique case-insensitively: `Alice` and `alice` are one namespace.
CREATE TABLE users (
  id             uuid PRIMARY KEY,
  name           text NOT NULL,
  fullname       text NOT NULL DEFAULT '',
  email          text NOT NULL,
  password_hash  text NOT NULL,  -- libsodium's Argon2id string; never an API field
  is_site_admin  boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_name_key ON users (lower(name));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Session tokens (from login) and access tokens (from settings) alike: `hf_` + random, kept only as
-- the SHA-256 of the secret, so a database dump holds nothing that authenticates.
CREATE TABLE tokens (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('session', 'access')),
  display_name  text NOT NULL DEFAULT '',
  role          text NOT NULL CHECK (role IN ('read', 'write', 'fineGrained')),
  scoped        jsonb NOT NULL DEFAULT '[]',
  secret_sha256 bytea NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX tokens_live_by_user ON tokens (user_id) WHERE revoked_at IS NULL;
