-- Branch protection (api.md, "Repos"): one document of rules per repo, validated by the service,
-- read by every commit, ref change and push (the pre-receive hook gets it in its environment).
CREATE TABLE protection (
  repo_id     uuid PRIMARY KEY,
  rules       jsonb NOT NULL DEFAULT '[]',
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- What CI reports about a commit: every report kept, the latest per context counts.
CREATE TABLE commit_statuses (
  id            bigserial PRIMARY KEY,
  repo_id       uuid NOT NULL,
  sha           text NOT NULL CHECK (sha ~ '^[0-9a-f]{40}$'),
  context       text NOT NULL,
  state         text NOT NULL CHECK (state IN ('pending', 'success', 'failure', 'error')),
  description   text,
  target_url    text,
  metrics       jsonb,
  creator_id    uuid,
  creator_name  text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commit_statuses_latest ON commit_statuses (repo_id, sha, context, id DESC);
