#pragma once
// Threads and their events in the Hub's shapes (README.md, "API reference"): what the Python client reads, plus
// our additions (pinned, locked, comment counts, reactions).
#include <string>

#include "common/json/json.hpp"
#include "services/discussions/app/place.hpp"
#include "services/discussions/domain/records.hpp"

namespace hub::discussions {

// The fields a list item and the details share.
void write_thread_fields(json::Writer& w, const Place& place, const ThreadRow& thread);
// Where the thread lives, on the web and in the API (the details carry it; a list's items do not,
// which keeps a page of 50 a third smaller).
void write_thread_urls(json::Writer& w, const Place& place, const ThreadRow& thread);
// {id, type, createdAt, author, data}
void write_event(json::Writer& w, const EventRow& event);
std::string event_json(const EventRow& event);

}  // namespace hub::discussions
