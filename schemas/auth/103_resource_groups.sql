-- Resource groups: an org's teams, with members (each with a role) and repos. A repo belongs to at
-- most one group; a private repo in a group is visible to the group's members and the org's admins.
CREATE TABLE resource_groups (
  id           uuid PRIMARY KEY,
  org_id       uuid NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX resource_groups_name_key ON resource_groups (org_id, lower(name));

CREATE TABLE group_members (
  group_id  uuid NOT NULL REFERENCES resource_groups (id) ON DELETE CASCADE,
  user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role      text NOT NULL CHECK (role IN ('read', 'contributor', 'write', 'admin')),
  PRIMARY KEY (group_id, user_id)
);

ALTER TABLE repos ADD COLUMN resource_group_id uuid REFERENCES resource_groups (id) ON DELETE SET NULL;
