-- The review side of pull requests. The thread (number, title, status, comments) is discussions';
-- the commits are git's, at refs/pr/N, which repos alone writes. Keyed by the repo's immutable id,
-- so a moved repo keeps its reviews; a deleted repo's go with it (its repo.deleted event).
CREATE TABLE pull_requests (
  repo_id        uuid NOT NULL,
  num            bigint NOT NULL CHECK (num > 0),
  author_id      uuid,
  author_name    text NOT NULL,
  -- The branch it merges into (refs/heads/…), and the commit refs/pr/N was created at.
  base_ref       text NOT NULL,
  opened_at_sha  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  -- Set once merged (by this service, through repos): the merge commit, and the base's head it
  -- was merged onto (the changes stay readable as they were reviewed).
  merge_commit   text,
  merged_base    text,
  merged_at      timestamptz,
  merged_by      text,
  PRIMARY KEY (repo_id, num)
);

-- A review: a verdict (approve, request_changes, comment) on the head commit it was given on. Only
-- each reviewer's latest approve or request_changes decides; stale ones (on an older head) are
-- dismissed when the base's protection says so, decided when read, never by arrival order.
CREATE TABLE reviews (
  id             uuid PRIMARY KEY,
  repo_id        uuid NOT NULL,
  num            bigint NOT NULL,
  seq            bigint GENERATED ALWAYS AS IDENTITY,
  reviewer_id    uuid NOT NULL,
  reviewer_name  text NOT NULL,
  state          text NOT NULL CHECK (state IN ('approve', 'request_changes', 'comment')),
  body           text NOT NULL DEFAULT '',
  body_html      text NOT NULL DEFAULT '',
  commit_sha     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (repo_id, num) REFERENCES pull_requests (repo_id, num) ON DELETE CASCADE
);
CREATE INDEX reviews_in_order ON reviews (repo_id, num, seq);

-- Line comments (anchored to lines of a file on the new or old side, at the commit they were made
-- on, with the text of those lines so they can be found again when the file changes), tensor
-- comments (anchored to a tensor of a safetensors file, with its content hash), and replies.
CREATE TABLE review_comments (
  id             uuid PRIMARY KEY,
  repo_id        uuid NOT NULL,
  num            bigint NOT NULL,
  seq            bigint GENERATED ALWAYS AS IDENTITY,
  review_id      uuid REFERENCES reviews (id) ON DELETE CASCADE,
  reply_to       uuid REFERENCES review_comments (id) ON DELETE CASCADE,
  author_id      uuid NOT NULL,
  author_name    text NOT NULL,
  path           text NOT NULL,
  side           text NOT NULL CHECK (side IN ('new', 'old')),
  start_line     integer,
  line           integer,
  tensor         text,
  anchor_text    text NOT NULL DEFAULT '',
  commit_sha     text NOT NULL,
  body           text NOT NULL,
  body_html      text NOT NULL,
  resolved       boolean NOT NULL DEFAULT false,
  resolved_by    text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (repo_id, num) REFERENCES pull_requests (repo_id, num) ON DELETE CASCADE,
  CHECK ((line IS NULL) <> (tensor IS NULL) OR reply_to IS NOT NULL)
);
CREATE INDEX review_comments_in_order ON review_comments (repo_id, num, seq);

-- Who was asked to review: users, or an org's resource groups (teams).
CREATE TABLE review_requests (
  repo_id        uuid NOT NULL,
  num            bigint NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('user', 'group')),
  reviewer       text NOT NULL,  -- a user's name, or org/group
  requested_by   text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, num, kind, reviewer),
  FOREIGN KEY (repo_id, num) REFERENCES pull_requests (repo_id, num) ON DELETE CASCADE
);
