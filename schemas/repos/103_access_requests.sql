-- Gated repos: who asked for access to a gated repo's files, what the owners decided, and the
-- fields the card asked the requester for. One row per repo and user; a decision updates it.
CREATE TABLE access_requests (
  repo_id          uuid NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  user_id          uuid NOT NULL,
  user_name        text NOT NULL,   -- as it was when the row last changed (for the owners' lists)
  user_fullname    text NOT NULL DEFAULT '',
  status           text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
  fields           jsonb NOT NULL DEFAULT '{}'::jsonb,
  rejection_reason text,
  decided_by       text,            -- the name of whoever accepted, rejected or granted; null for auto
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, user_id)
);
CREATE INDEX access_requests_by_status ON access_requests (repo_id, status, updated_at);
