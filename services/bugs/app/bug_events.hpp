#pragma once
// The events a bug change causes (schemas/events/README.md, "What bugs emits"), written to the
// outbox in the transaction of the change.
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/events/catalog.hpp"
#include "common/markdown/markdown.hpp"
#include "services/bugs/app/place.hpp"
#include "services/bugs/domain/records.hpp"

namespace hub::bugs {

// The report as events show it (with its labels and assignees as they are now).
events::BugFacts facts_of(const Place& place, const ReportRow& report);
events::CommentFacts facts_of(const Place& place, std::int64_t num, const TimelineEntry& comment);
std::vector<events::MentionRef> mention_refs(const std::vector<markdown::Mention>& mentions);
std::vector<events::Actor> actors_of(const std::vector<Person>& people);

void append_bug_event(pqxx::work& tx, const Place& place, const access::Identity& actor, std::string type,
                      std::string data_json);

template <class Event>
void emit(pqxx::work& tx, const Place& place, const access::Identity& actor, const Event& event) {
  append_bug_event(tx, place, actor, std::string(Event::kType), events::data_of(event));
}

}  // namespace hub::bugs
