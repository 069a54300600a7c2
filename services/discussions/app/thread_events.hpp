#pragma once
// The events a thread change causes (schemas/events/README.md, "What discussions emits"), written
// to the outbox in the transaction of the change.
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/events/catalog.hpp"
#include "common/markdown/markdown.hpp"
#include "services/discussions/app/place.hpp"
#include "services/discussions/store/event_store.hpp"
#include "services/discussions/store/thread_store.hpp"

namespace hub::discussions {

events::DiscussionFacts facts_of(const Place& place, const ThreadRow& thread);
events::CommentFacts facts_of(const Place& place, const ThreadRow& thread, const EventRow& comment);
std::vector<events::MentionRef> mention_refs(const std::vector<markdown::Mention>& mentions);

void append_discussion_event(pqxx::work& tx, const Place& place, const access::Identity& actor, std::string type,
                             std::string data_json);

// One of the catalog's discussion events about the place's repo.
template <class Event>
void emit(pqxx::work& tx, const Place& place, const access::Identity& actor, const Event& event) {
  append_discussion_event(tx, place, actor, std::string(Event::kType), events::data_of(event));
}

}  // namespace hub::discussions
