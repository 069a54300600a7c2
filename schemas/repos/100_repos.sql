-- The repos the service hosts. Git refs are the truth about content; these rows are what the Hub's
-- info and list endpoints answer from, and can be rebuilt from the refs (head_sha, last_modified).
-- Everything is keyed by the immutable id; the path (type, namespace, name) may change by a move.
CREATE TABLE repos (
  id                 uuid PRIMARY KEY,
  type               text NOT NULL CHECK (type IN ('model', 'dataset', 'space')),
  namespace          text NOT NULL,
  name               text NOT NULL,
  private            boolean NOT NULL DEFAULT false,
  gated              text NOT NULL DEFAULT 'false' CHECK (gated IN ('false', 'auto', 'manual')),
  creator_id         uuid,
  creator_name       text NOT NULL,
  resource_group_id  uuid,
  sdk                text,
  head_sha           text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  last_modified      timestamptz NOT NULL DEFAULT now(),
  -- The per-repo #N sequence shared by discussions, pull requests and bug reports.
  last_num           integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX repos_path_key ON repos (type, lower(namespace), lower(name));
CREATE INDEX repos_by_modified ON repos (type, last_modified DESC, id);
CREATE INDEX repos_by_created ON repos (type, created_at DESC, id);

-- LFS objects stored once on disk by SHA-256, and which repos were given their bytes: a repo may
-- reference only objects linked to it, so knowing a hash never reveals another repo's file.
CREATE TABLE lfs_objects (
  oid         text PRIMARY KEY CHECK (oid ~ '^[0-9a-f]{64}$'),
  size        bigint NOT NULL CHECK (size >= 0),
  stored_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE repo_lfs_objects (
  repo_id     uuid NOT NULL,
  oid         text NOT NULL REFERENCES lfs_objects (oid),
  linked_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, oid)
);
CREATE INDEX repo_lfs_objects_by_oid ON repo_lfs_objects (oid);

-- Repos deleted: their ids are never reused, and their LFS links are collected after a grace period.
CREATE TABLE deleted_repos (
  id          uuid PRIMARY KEY,
  deleted_at  timestamptz NOT NULL DEFAULT now()
);
