-- Stream tickets: how a browser, which cannot set headers on EventSource or WebSocket, opens a live
-- stream. A signed-in user asks for one (POST /api/notifications/stream-ticket) and passes it as
-- ?ticket=; it is good once, for a minute (HUB_LIVE_TICKET_TTL). Only its SHA-256 is kept, so this
-- table's rows open nothing.
CREATE TABLE stream_tickets (
  ticket_hash text PRIMARY KEY,  -- hex SHA-256 of the ticket
  user_id     uuid NOT NULL,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stream_tickets_expiry ON stream_tickets (expires_at);
