-- Organizations and who belongs to them, with a role each (api.md, "Identity, tokens, orgs").
-- Users and orgs share one namespace: a name is either a user's or an org's.
CREATE TABLE orgs (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  fullname    text NOT NULL DEFAULT '',
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX orgs_name_key ON orgs (lower(name));

CREATE TABLE memberships (
  org_id      uuid NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('read', 'contributor', 'write', 'admin')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);
