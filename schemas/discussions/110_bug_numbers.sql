-- The numbers of a repo's shared #N sequence that are bug reports (fed by the bugs service's
-- bug.created events), so that `#N` in a thread links to the report without asking the bugs service
-- while rendering. Deleted with the repo's threads.
CREATE TABLE bug_numbers (
  repo_id  uuid NOT NULL,
  num      bigint NOT NULL,
  PRIMARY KEY (repo_id, num)
);
