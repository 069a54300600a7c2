-- Bug reports of every repo, numbered from the repo's #N sequence (which repos keeps, shared with
-- discussions and pull requests). Keyed by the repo's immutable id, so a moved repo keeps its
-- reports; a deleted repo's go with it (its repo.deleted event).
CREATE TABLE reports (
  repo_id            uuid NOT NULL,
  num                bigint NOT NULL CHECK (num > 0),
  title              text NOT NULL,
  body               text NOT NULL,
  body_html          text NOT NULL,
  status             text NOT NULL
                     CHECK (status IN ('open', 'triaged', 'in_progress', 'resolved', 'closed', 'wontfix', 'duplicate')),
  severity           text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  -- critical 0 … low 3: the severity sort, most severe first, reads an index in order.
  severity_rank      smallint NOT NULL CHECK (severity_rank BETWEEN 0 AND 3),
  author_id          uuid,
  author_name        text NOT NULL,
  -- Commits, never names: a branch or tag given is resolved through repos when it is given.
  affected_sha       text CHECK (affected_sha ~ '^[0-9a-f]{40}$'),
  fixed_in           text CHECK (fixed_in ~ '^[0-9a-f]{40}$'),
  duplicate_of       bigint,
  env_library        text NOT NULL DEFAULT '',
  env_version        text NOT NULL DEFAULT '',
  env_hardware       text NOT NULL DEFAULT '',
  env_reproduction   text NOT NULL DEFAULT '',
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  comment_count      integer NOT NULL DEFAULT 0,
  -- The words of the title (weight A), the body (B) and every comment, for q=.
  search             tsvector NOT NULL,
  PRIMARY KEY (repo_id, num),
  FOREIGN KEY (repo_id, duplicate_of) REFERENCES reports (repo_id, num),
  CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL))
);
-- Each list order with its filters; num breaks ties, so every key is unique and a cursor resumes
-- after it.
CREATE INDEX reports_by_num ON reports (repo_id, num DESC);
CREATE INDEX reports_by_status ON reports (repo_id, status, num DESC);
CREATE INDEX reports_by_severity ON reports (repo_id, severity_rank, num DESC);
CREATE INDEX reports_by_updated ON reports (repo_id, updated_at DESC, num DESC);
CREATE INDEX reports_by_author ON reports (repo_id, lower(author_name), num DESC);
CREATE INDEX reports_by_affected ON reports (repo_id, affected_sha) WHERE affected_sha IS NOT NULL;
CREATE INDEX reports_search ON reports USING gin (search);

-- A repo's labels: a name unique in the repo (case aside), a colour, a description.
CREATE TABLE labels (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  repo_id      uuid NOT NULL,
  name         text NOT NULL,
  color        text NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$'),
  description  text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX labels_by_name ON labels (repo_id, lower(name));

-- Deleting a label takes it off every report (cascade).
CREATE TABLE report_labels (
  repo_id   uuid NOT NULL,
  num       bigint NOT NULL,
  label_id  bigint NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
  PRIMARY KEY (repo_id, num, label_id),
  FOREIGN KEY (repo_id, num) REFERENCES reports (repo_id, num) ON DELETE CASCADE
);
CREATE INDEX report_labels_by_label ON report_labels (label_id, num DESC);

-- Who a report is assigned to (people who could read the repo when assigned), by id; the name as
-- it was then, for the assignee filter.
CREATE TABLE assignees (
  repo_id      uuid NOT NULL,
  num          bigint NOT NULL,
  user_id      uuid NOT NULL,
  user_name    text NOT NULL,
  assigned_by  text NOT NULL,
  assigned_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, num, user_id),
  FOREIGN KEY (repo_id, num) REFERENCES reports (repo_id, num) ON DELETE CASCADE
);
CREATE INDEX assignees_by_name ON assignees (repo_id, lower(user_name), num DESC);
CREATE INDEX assignees_by_user ON assignees (user_id);

-- One order for a report's timeline: comments and transitions draw their seq from it, so the
-- timeline is one merge by seq, and a cursor is a seq.
CREATE SEQUENCE timeline_seq;

CREATE TABLE comments (
  id           uuid PRIMARY KEY,
  repo_id      uuid NOT NULL,
  num          bigint NOT NULL,
  seq          bigint NOT NULL DEFAULT nextval('timeline_seq'),
  author_id    uuid,
  author_name  text NOT NULL,
  body         text NOT NULL,
  body_html    text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (repo_id, num) REFERENCES reports (repo_id, num) ON DELETE CASCADE
);
CREATE INDEX comments_in_order ON comments (repo_id, num, seq);

-- Every status change: who, when, from what to what, and what came with it (the report it
-- duplicates, the commit that fixed it, the pull request that did).
CREATE TABLE transitions (
  id            uuid PRIMARY KEY,
  repo_id       uuid NOT NULL,
  num           bigint NOT NULL,
  seq           bigint NOT NULL DEFAULT nextval('timeline_seq'),
  actor_id      uuid,
  actor_name    text NOT NULL,
  from_status   text NOT NULL,
  to_status     text NOT NULL,
  duplicate_of  bigint,
  fixed_in      text,
  pull_num      bigint,
  created_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (repo_id, num) REFERENCES reports (repo_id, num) ON DELETE CASCADE
);
CREATE INDEX transitions_in_order ON transitions (repo_id, num, seq);

-- The merged pull requests that said they fix a report ("fixes #N"), once each, by the merge
-- event that said so.
CREATE TABLE report_pulls (
  repo_id       uuid NOT NULL,
  num           bigint NOT NULL,
  pull_num      bigint NOT NULL,
  merge_commit  text NOT NULL,
  event_id      uuid NOT NULL,
  linked_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, num, pull_num),
  FOREIGN KEY (repo_id, num) REFERENCES reports (repo_id, num) ON DELETE CASCADE
);

-- How many reports a repo has in each status, kept in the transaction of every change: the
-- list's counts never scan.
CREATE TABLE status_counts (
  repo_id  uuid NOT NULL,
  status   text NOT NULL,
  n        bigint NOT NULL DEFAULT 0 CHECK (n >= 0),
  PRIMARY KEY (repo_id, status)
);

-- The template new reports of a repo start from, when the repo replaced the default one.
CREATE TABLE templates (
  repo_id     uuid PRIMARY KEY,
  title       text NOT NULL,
  body        text NOT NULL,
  severity    text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  labels      text[] NOT NULL DEFAULT '{}',
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Whether one commit is an ancestor of (or is) another, as repos answered: for two shas the
-- answer never changes, so known-bugs asks git once per pair.
CREATE TABLE ancestry (
  repo_id      uuid NOT NULL,
  ancestor     text NOT NULL,
  descendant   text NOT NULL,
  is_ancestor  boolean NOT NULL,
  PRIMARY KEY (repo_id, descendant, ancestor)
);

-- What a POST with an Idempotency-Key did, by caller and key (the report number or the comment id
-- it made), claimed in the transaction of the change.
CREATE TABLE idempotent_answers (
  user_id      uuid NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  result       text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
