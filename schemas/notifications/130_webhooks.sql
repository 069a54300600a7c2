-- Webhooks (docs/webhooks.md): the hooks users and orgs own, the events waiting to be matched to
-- them, one delivery per hook and event, and every attempt at sending it.
--
-- The path of an event: the consumer of the `events` stream writes it to webhook_events in the
-- transaction that records it (so nothing is lost between the stream and here); a matcher turns it
-- into webhook_deliveries, one per hook that watches it, with a stable id (UNIQUE (webhook_id,
-- event_id): a replayed event never makes a second one); a sender claims due deliveries with a
-- lease, sends them, and writes each attempt to webhook_attempts.

CREATE TABLE webhooks (
  id              uuid PRIMARY KEY,
  owner_kind      text NOT NULL CHECK (owner_kind IN ('user', 'org')),
  owner_id        uuid NOT NULL,
  owner_name      text NOT NULL,
  url             text NOT NULL,
  domains         text NOT NULL,    -- a JSON array, as the owner wrote them (repo, discussion(s), pull_request.review, status, bug)
  secret_sealed   text,             -- crypto::to_text of the libsodium secretbox (key id, nonce, ciphertext); NULL: none
  daily_cap       integer CHECK (daily_cap IS NULL OR daily_cap > 0),  -- NULL: the configured cap
  disabled        boolean NOT NULL DEFAULT false,
  disabled_reason text,             -- 'owner' (disable endpoint) or 'failing' (auto-disabled)
  failing_since   timestamptz,      -- the first failed attempt since the last success
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_owner ON webhooks (owner_kind, owner_id, created_at);

-- What a hook watches, one row per item in the owner's order: a user's or an org's namespace (by
-- its name in lower case), or a repo (by its immutable id; `name` follows it through moves).
CREATE TABLE webhook_watches (
  webhook_id  uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  position    integer NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('user', 'org', 'model', 'dataset', 'space')),
  name        text NOT NULL,  -- as shown: the namespace, or namespace/name
  namespace   text,           -- lower case; users and orgs
  repo_id     uuid,           -- repos
  PRIMARY KEY (webhook_id, position),
  CHECK ((kind IN ('user', 'org')) = (namespace IS NOT NULL)),
  CHECK ((kind IN ('user', 'org')) = (repo_id IS NULL))
);
CREATE INDEX webhook_watches_namespace ON webhook_watches (namespace) WHERE namespace IS NOT NULL;
CREATE INDEX webhook_watches_repo ON webhook_watches (repo_id) WHERE repo_id IS NOT NULL;

-- Events a hook may want, written by the consumer, deleted once matched.
CREATE TABLE webhook_events (
  event_id     uuid PRIMARY KEY,
  envelope     text NOT NULL,  -- as it came off the stream
  received_at  timestamptz NOT NULL DEFAULT now(),
  lease_until  timestamptz     -- a matcher holds it until then
);
CREATE INDEX webhook_events_order ON webhook_events (received_at);

-- What the hub knows of each repo from its events: its latest name (for the checks made by name)
-- and visibility, keyed by id; `as_of` is the occurredAt of the event that said so, so an event that
-- arrives late changes nothing a newer one said.
CREATE TABLE webhook_repos (
  repo_id     uuid PRIMARY KEY,
  repo_type   text NOT NULL,
  name        text NOT NULL,
  is_private  boolean,
  as_of       timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY,  -- the webhook-id header, the same on every attempt
  webhook_id       uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id         uuid,              -- NULL for a test ping
  event_type       text NOT NULL,     -- the event's type, or 'webhook.ping'
  scope            text NOT NULL,
  action           text NOT NULL,
  repo_id          uuid,
  repo_type        text,
  repo_name        text,
  payload          text,              -- the body sent; NULL once withheld
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'succeeded', 'failed', 'withheld')),
  run_attempts     integer NOT NULL DEFAULT 0,  -- attempts since the schedule last started (creation, redelivery)
  attempts         integer NOT NULL DEFAULT 0,  -- every attempt ever, numbered in webhook_attempts
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  lease_until      timestamptz,       -- a sender holds it until then
  first_attempt_at timestamptz,       -- counts towards the hook's daily cap
  deferred_until   timestamptz,       -- last deferral by the daily cap, for the log
  note             text,              -- why withheld, failed or deferred
  redelivery_key   text,              -- the Idempotency-Key of the last redelivery, so its retry is no second one
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_list ON webhook_deliveries (webhook_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_cap ON webhook_deliveries (webhook_id, first_attempt_at)
  WHERE first_attempt_at IS NOT NULL;
CREATE INDEX webhook_deliveries_age ON webhook_deliveries (updated_at) WHERE state <> 'pending';

-- One row per attempt: what was sent (headers with the secret redacted; the body is the delivery's
-- payload) and what came back.
CREATE TABLE webhook_attempts (
  delivery_id     uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt         integer NOT NULL,
  started_at      timestamptz NOT NULL,
  duration_ms     integer NOT NULL,
  request_headers text NOT NULL,  -- a JSON object, redacted
  status          integer,        -- NULL when no answer came
  response_head   text,           -- the response body's first KiB
  error           text,           -- why no answer (refused, DNS, connect, deadline, ...)
  refused         boolean NOT NULL DEFAULT false,
  address         text,
  PRIMARY KEY (delivery_id, attempt)
);
CREATE INDEX webhook_attempts_age ON webhook_attempts (started_at);

-- Owners to tell that a hook was disabled (an org's admins are asked of auth first), worked off
-- into the inbox by a loop.
CREATE TABLE webhook_notices (
  id          uuid PRIMARY KEY,
  webhook_id  uuid NOT NULL,
  owner_kind  text NOT NULL,
  owner_id    uuid NOT NULL,
  owner_name  text NOT NULL,
  title       text NOT NULL,
  url         text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
