-- Repos the registry has forgotten, so that a late event about one (the reconciler reads repo
-- events after the synchronous calls they repeat) cannot bring it back.
CREATE TABLE repo_tombstones (
  id          uuid PRIMARY KEY,
  deleted_at  timestamptz NOT NULL DEFAULT now()
);
