-- Who opened each refs/pr/N: besides the write role, its author may commit to it (a reader who
-- proposed a change with create_pr=1, or opened a pull request, adds commits to it as on the Hub).
-- Written in the transaction that creates the ref.
CREATE TABLE pull_ref_authors (
  repo_id    uuid NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  ref        text NOT NULL CHECK (ref LIKE 'refs/pr/%'),
  author_id  uuid NOT NULL,
  PRIMARY KEY (repo_id, ref)
);
