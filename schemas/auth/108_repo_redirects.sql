-- Old paths of moved repos: decisions about an old path are made about the repo that moved, so the
-- request reaches repos, which redirects it to the current path (hf-compat.md: clients follow
-- relative redirects of renamed repos). A repo created later at that path takes it back.
CREATE TABLE repo_redirects (
  type       text NOT NULL,
  namespace  text NOT NULL,
  name       text NOT NULL,
  repo_id    uuid NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  moved_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX repo_redirects_path_key ON repo_redirects (type, lower(namespace), lower(name));
