#pragma once
// A deleted repo takes its pull requests' review state with it (its repo.deleted event); a moved
// one keeps it, since everything here is keyed by the repo's id.
#include <pqxx/pqxx>

#include "common/events/envelope.hpp"

namespace hub::pulls {

void follow_repo_event(pqxx::work& tx, const events::Envelope& event);

}  // namespace hub::pulls
