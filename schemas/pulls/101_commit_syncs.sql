-- Pull requests whose refs/pr/N moved (a push, a commit, the opening itself) and whose new commits
-- are still to be shown in their thread (discussions records each commit once, by sha). A row is
-- written in the transaction that learns of the move and deleted only once the thread has every
-- commit, so a peer that is down delays the commit events and loses none.
CREATE TABLE commit_syncs (
  repo_id       uuid NOT NULL,
  num           bigint NOT NULL,
  repo_type     text NOT NULL,
  repo_name     text NOT NULL,  -- namespace/name when the move was learned
  requested_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  attempts      integer NOT NULL DEFAULT 0,
  PRIMARY KEY (repo_id, num)
);

-- The commits each thread was given already, so a sync posts only new ones.
CREATE TABLE synced_commits (
  repo_id  uuid NOT NULL,
  num      bigint NOT NULL,
  sha      text NOT NULL,
  PRIMARY KEY (repo_id, num, sha)
);
