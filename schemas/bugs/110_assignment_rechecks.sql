-- People whose assignments must be checked again: auth said they left an organization (event
-- org.member.removed), so of the repos whose reports they are assigned to, those they may no longer
-- read end their assignments (services/bugs/app/assignment_rechecks.hpp). A row stays until the check
-- is done, so auth being down delays it and loses nothing; `asked` tells a newer request from the
-- one being answered.
CREATE TABLE assignment_rechecks (
  user_id  uuid PRIMARY KEY,
  asked    bigint NOT NULL DEFAULT 1,
  since    timestamptz NOT NULL DEFAULT now()
);
