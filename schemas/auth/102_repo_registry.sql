-- The repo registry: what auth needs to decide who may do what on a repo. repos registers each repo
-- here synchronously in the request that creates, moves, re-scopes or deletes it.
CREATE TABLE repos (
  id            uuid PRIMARY KEY,
  type          text NOT NULL CHECK (type IN ('model', 'dataset', 'space')),
  namespace     text NOT NULL,
  name          text NOT NULL,
  private       boolean NOT NULL DEFAULT false,
  creator_id    uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX repos_path_key ON repos (type, lower(namespace), lower(name));
