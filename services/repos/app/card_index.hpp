#pragma once
// Keeps each repo's card facts (tags, pipeline tag, library, languages, a space's sdk) in step with
// the card on main, for the lists and their filters. It runs as the repos service's own consumer of
// the events stream: every way main moves (an API commit, a push, a merge, a push recorded late)
// writes a repo.content event, so one place sees them all. It reads main as it is when the event is
// handled, never the sha an event names, so events handled late or out of order cannot leave older
// facts behind.
#include <pqxx/pqxx>

#include "common/events/envelope.hpp"
#include "services/repos/config.hpp"

namespace hub::repos {

void index_card(pqxx::work& tx, const ReposConfig& config, const events::Envelope& event);

// The events index_card acts on (the consumer acknowledges the rest unhandled).
bool indexes_card(const events::Envelope& event);

}  // namespace hub::repos
