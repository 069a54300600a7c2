-- People whose assignments must be checked again: auth said they left an organization (event
-- org.member.removed), so of the repos whose reports they are assigned to, those they may no longer
-- read end their assignments (services/bugs/app/assignment_rechecks.hpp). A row stays until the check
-- is done, so auth being down delays it and loses nothing. Each check runs twice: at once, and again
-- a minute later for an assignment whose reader check came before the removal and whose change
-- committed after the first pass. `asked` (from a sequence, so never reused) tells a newer request
-- from the one being answered.
CREATE SEQUENCE assignment_recheck_asks;
CREATE TABLE assignment_rechecks (
  user_id  uuid PRIMARY KEY,
  asked    bigint NOT NULL DEFAULT nextval('assignment_recheck_asks'),
  passes   integer NOT NULL DEFAULT 0,
  due      timestamptz NOT NULL DEFAULT now()
);
