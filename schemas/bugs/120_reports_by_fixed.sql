-- Known bugs of a revision reads the commits a repo's reports name as fixing as well as affected
-- (report_store.cpp, kUnaskedCommits): per repo, without reading the whole table.
CREATE INDEX reports_by_fixed ON reports (repo_id, fixed_in) WHERE fixed_in IS NOT NULL;
