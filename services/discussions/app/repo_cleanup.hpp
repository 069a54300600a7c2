#pragma once
// Threads follow their repo's life (repos' events): a deleted repo's threads go with it; a moved
// repo keeps them, since they are keyed by its id.
#include <pqxx/pqxx>

#include "common/events/envelope.hpp"

namespace hub::discussions {

// Runs in the consumer's transaction for every event of the stream.
void follow_repo_event(pqxx::work& tx, const events::Envelope& event);

}  // namespace hub::discussions
