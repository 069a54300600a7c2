-- What the model card (README.md's YAML header) on main says, for the lists' tags and filters. Derived
-- data: recomputed from git by the repos service whenever an event says a repo's content changed
-- (app/card_index.cpp), always from main as it is then, and stamped with that commit (card_sha).
ALTER TABLE repos ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE repos ADD COLUMN pipeline_tag text;
ALTER TABLE repos ADD COLUMN library_name text;
ALTER TABLE repos ADD COLUMN languages text[] NOT NULL DEFAULT '{}';
ALTER TABLE repos ADD COLUMN card_sha text;
CREATE INDEX repos_by_tags ON repos USING gin (tags);
