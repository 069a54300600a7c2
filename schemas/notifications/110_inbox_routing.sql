-- What the inbox keeps to route events to people (docs/inbox.md): the repos it has heard of, who
-- watches what, who takes part in which thread, and the events still waiting for their fan-out.
-- Everything is keyed by the repo's immutable id; names are copies that follow repo.moved.

-- The repos events named: their current name (the newest event wins, by occurredAt, whatever order
-- the events arrive in) and whether they were deleted (a deleted repo is never brought back, so a
-- late event of it notifies nobody).
CREATE TABLE known_repos (
  repo_id     text PRIMARY KEY,
  repo_type   text NOT NULL,
  repo_name   text NOT NULL,         -- namespace/name
  named_at    timestamptz NOT NULL,  -- occurredAt of the event that told this name
  deleted_at  timestamptz
);

-- Watching a repo: watching (every thread), participating (the threads one takes part in: the
-- default), ignoring (nothing at all from the repo).
CREATE TABLE repo_watches (
  user_id     uuid NOT NULL,
  repo_id     text NOT NULL,
  repo_type   text NOT NULL,
  repo_name   text NOT NULL,
  level       text NOT NULL CHECK (level IN ('watching', 'participating', 'ignoring')),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, repo_id)
);
CREATE INDEX repo_watches_repo ON repo_watches (repo_id);

-- Watching an organization (or any namespace): the level of each of its repos the user has no
-- level of their own for. `namespace` is lower-cased, as names compare.
CREATE TABLE org_watches (
  user_id     uuid NOT NULL,
  namespace   text NOT NULL,
  level       text NOT NULL CHECK (level IN ('watching', 'participating', 'ignoring')),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, namespace)
);
CREATE INDEX org_watches_namespace ON org_watches (namespace);

-- A thread's title as its newest event told it (pulls' events carry none).
CREATE TABLE threads (
  repo_id     text NOT NULL,
  num         bigint NOT NULL,
  title       text NOT NULL,
  titled_at   timestamptz NOT NULL,
  PRIMARY KEY (repo_id, num)
);

-- Who takes part in a thread: its author, commenters, reviewers, requested reviewers. A person is
-- known by id, or only by name (a review asked of a name): `person` is the id, or 'name:' and the
-- lower-cased name.
CREATE TABLE thread_participants (
  repo_id     text NOT NULL,
  num         bigint NOT NULL,
  person      text NOT NULL,
  user_id     uuid,
  user_name   text,
  is_author   boolean NOT NULL DEFAULT false,
  PRIMARY KEY (repo_id, num, person)
);

-- The mentions of a comment already notified: an edit notifies only the ones it adds.
CREATE TABLE comment_mentions (
  comment_id  text NOT NULL,
  mention     text NOT NULL,  -- lower-cased user, or org/group
  repo_id     text NOT NULL,
  PRIMARY KEY (comment_id, mention)
);
CREATE INDEX comment_mentions_repo ON comment_mentions (repo_id);

-- An event that may notify someone, written in the transaction that consumed it and deleted in the
-- one that inserted its items: nothing is lost between the two, whatever fails. `notice` is what
-- the event means for inboxes (domain/notice.hpp). A claimed row's next_attempt_at is its lease; a
-- row that failed for good (not for an outage) keeps failed_at and its last error, for an operator.
CREATE TABLE pending_notices (
  id               bigserial PRIMARY KEY,
  event_id         uuid NOT NULL UNIQUE,
  repo_id          text NOT NULL,
  notice           jsonb NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  failed_at        timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_notices_due ON pending_notices (next_attempt_at, id) WHERE failed_at IS NULL;
CREATE INDEX pending_notices_repo ON pending_notices (repo_id);

-- The repos a user has items of: what the read-time check asks auth about, so a list or a count
-- leaves out exactly the repos the user may no longer read (and pages stay full).
CREATE TABLE user_item_repos (
  user_id     uuid NOT NULL,
  repo_id     text NOT NULL,
  PRIMARY KEY (user_id, repo_id)
);
CREATE INDEX user_item_repos_repo ON user_item_repos (repo_id);
