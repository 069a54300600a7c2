-- Threads of every repo: discussions and pull requests, numbered from the repo's #N sequence (which
-- repos keeps, shared with bug reports). Keyed by the repo's immutable id, so a moved repo keeps its
-- threads; a deleted repo's go with it (its repo.deleted event).
CREATE TABLE threads (
  repo_id          uuid NOT NULL,
  num              bigint NOT NULL CHECK (num > 0),
  is_pull_request  boolean NOT NULL,
  title            text NOT NULL,
  status           text NOT NULL CHECK (status IN ('open', 'closed', 'merged', 'draft')),
  author_id        uuid,
  author_name      text NOT NULL,
  pinned           boolean NOT NULL DEFAULT false,
  locked           boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  -- Comments shown (not hidden), for the "most commented" order.
  comment_count    integer NOT NULL DEFAULT 0,
  -- The title's words, for q= (comments have their own, on their events).
  title_search     tsvector NOT NULL,
  -- A pull request's base branch, and its merge commit once merged (pulls reports both).
  base_ref         text,
  merge_commit_id  text,
  PRIMARY KEY (repo_id, num)
);
-- Each list order with its filters, newest first; num breaks ties, so every key is unique and a
-- cursor can resume after it.
CREATE INDEX threads_by_created ON threads (repo_id, num DESC) INCLUDE (is_pull_request, status, pinned);
CREATE INDEX threads_by_kind ON threads (repo_id, is_pull_request, status, num DESC);
CREATE INDEX threads_by_updated ON threads (repo_id, updated_at DESC, num DESC);
CREATE INDEX threads_by_comments ON threads (repo_id, comment_count DESC, num DESC);
CREATE INDEX threads_by_author ON threads (repo_id, lower(author_name), num DESC);
CREATE INDEX threads_title_search ON threads USING gin (title_search);

-- What happened in a thread, in order: comments (their text in comment_versions), status and title
-- changes, commits of a pull request.
CREATE TABLE thread_events (
  id           uuid PRIMARY KEY,
  repo_id      uuid NOT NULL,
  num          bigint NOT NULL,
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  type         text NOT NULL CHECK (type IN ('comment', 'status-change', 'title-change', 'commit')),
  author_id    uuid,
  author_name  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- status-change {status}, title-change {from, to}, commit {subject, oid}; {} for a comment.
  data         jsonb NOT NULL DEFAULT '{}',
  hidden       boolean NOT NULL DEFAULT false,
  hidden_by    text,
  -- The latest version's words, for q=; emptied when the comment is hidden.
  search       tsvector,
  FOREIGN KEY (repo_id, num) REFERENCES threads (repo_id, num) ON DELETE CASCADE
);
CREATE INDEX thread_events_in_order ON thread_events (repo_id, num, seq);
CREATE INDEX thread_events_search ON thread_events USING gin (search) WHERE search IS NOT NULL;
-- A commit is recorded once per thread, however often pulls reports it.
CREATE UNIQUE INDEX thread_events_one_commit ON thread_events (repo_id, num, (data ->> 'oid')) WHERE type = 'commit';

-- Every version of a comment: the first is what was posted, each edit adds one. Hiding a comment
-- deletes them all (its content is gone for good).
CREATE TABLE comment_versions (
  comment_id   uuid NOT NULL REFERENCES thread_events (id) ON DELETE CASCADE,
  version      integer NOT NULL,
  raw          text NOT NULL,
  html         text NOT NULL,
  author_id    uuid,
  author_name  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (comment_id, version)
);

-- One reaction per user per emoji on a comment.
CREATE TABLE comment_reactions (
  comment_id   uuid NOT NULL REFERENCES thread_events (id) ON DELETE CASCADE,
  emoji        text NOT NULL,
  user_id      uuid NOT NULL,
  user_name    text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (comment_id, emoji, user_id)
);

-- How many threads a repo has by kind and status, kept in the transaction of every change: the
-- list's count never scans.
CREATE TABLE thread_counts (
  repo_id          uuid NOT NULL,
  is_pull_request  boolean NOT NULL,
  status           text NOT NULL,
  n                bigint NOT NULL DEFAULT 0 CHECK (n >= 0),
  PRIMARY KEY (repo_id, is_pull_request, status)
);

-- What a POST with an Idempotency-Key did, by caller and key (the thread number or the event id it
-- made), claimed in the transaction of the change: a retry answers with the same thing again; the
-- same key with another request is refused.
CREATE TABLE idempotent_answers (
  user_id      uuid NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  result       text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotent_answers_by_age ON idempotent_answers (created_at);
