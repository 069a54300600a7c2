-- A hook's due deliveries in order, for the sender's claim: it takes the first few of each hook
-- through this index instead of ranking every pending delivery of every hook on each pass, which
-- grew with the backlog just when the backlog most needed to shrink.
CREATE INDEX webhook_deliveries_hook_due ON webhook_deliveries (webhook_id, next_attempt_at) WHERE state = 'pending';
