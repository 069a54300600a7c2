-- Hiding a comment removes its words from the events already written about it (the outbox keeps
-- sent events for a while): this finds them without reading the whole outbox.
CREATE INDEX outbox_by_comment ON outbox ((payload -> 'data' -> 'comment' ->> 'id'))
  WHERE type IN ('discussion.comment.created', 'discussion.comment.updated');
