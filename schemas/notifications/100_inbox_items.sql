-- The inbox: one item per user and event (or notice), numbered per user in commit order.
--
-- A user's items are numbered by user_sequences: inserting an item bumps the user's row, whose lock
-- is held until the transaction commits, so a user's numbers become visible in increasing order.
-- That number is the item's id in the API, the list's order, and the live stream's event id: a
-- client that resumes "after 41" misses nothing and sees nothing twice.
CREATE TABLE user_sequences (
  user_id   uuid PRIMARY KEY,
  last_seq  bigint NOT NULL DEFAULT 0
);

CREATE TABLE inbox_items (
  user_id      uuid NOT NULL,
  seq          bigint NOT NULL,
  event_id     uuid NOT NULL,  -- the event it came from, or the notice's own id
  event_type   text NOT NULL,
  reason       text NOT NULL,  -- mention, review_requested, assigned, author, participating, watching, security, …
  repo_id      text,           -- immutable; NULL for a notice about no repo
  repo_type    text,           -- model, dataset, space
  repo_name    text,           -- namespace/name, followed on repo.moved
  thread_num   bigint,         -- the discussion, pull request or bug; NULL for the repo itself
  subject_type text NOT NULL,  -- discussion, pull_request, bug, repo, webhook
  title        text NOT NULL,
  url          text NOT NULL,  -- absolute, from HUB_PUBLIC_URL
  actor_name   text,
  state        text NOT NULL DEFAULT 'unread' CHECK (state IN ('unread', 'read', 'done')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, seq),
  UNIQUE (user_id, event_id)
);
CREATE INDEX inbox_items_unread ON inbox_items (user_id, seq) WHERE state = 'unread';
CREATE INDEX inbox_items_repo ON inbox_items (repo_id);
