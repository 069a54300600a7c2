-- Each org's security policy (api.md, `settings/security`), enforced by the gateway on every
-- request of the org's members that touches the org's resources. An org without a row has the
-- defaults: any network, any token, public new repos.
CREATE TABLE org_policies (
  org_id                  uuid PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
  ip_allowlist            text[] NOT NULL DEFAULT '{}',  -- canonical CIDR blocks
  require_fine_grained    boolean NOT NULL DEFAULT false,
  max_token_lifetime_days integer CHECK (max_token_lifetime_days BETWEEN 1 AND 3650),
  default_repo_visibility text NOT NULL DEFAULT 'public' CHECK (default_repo_visibility IN ('public', 'private')),
  updated_at              timestamptz NOT NULL DEFAULT now()
);
