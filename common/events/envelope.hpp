#pragma once
// The envelope every event travels in (schemas/events/envelope.schema.json): what happened, when,
// who did it, to which repo (by its immutable id), and the type's own data.
#include <optional>
#include <string>
#include <string_view>

#include "common/json/json.hpp"

namespace hub::events {

struct Actor {
  std::string id;
  std::string name;
};

struct RepoRef {
  std::string id;    // immutable; services key everything by it
  std::string type;  // model, dataset, space
  std::string name;  // namespace/name at the time of the event
};

struct Envelope {
  std::string id;           // UUID
  std::string type;         // e.g. repo.created
  std::string occurred_at;  // RFC 3339, UTC
  std::optional<Actor> actor;
  std::optional<RepoRef> repo;
  std::string data = "{}";  // a JSON object, already serialised

  // A new envelope with a fresh id and the current time.
  static Envelope make(std::string type, std::string data_json = "{}");
  std::string to_json() const;
};

Result<Envelope> parse_envelope(std::string_view json);

// RFC 3339 with milliseconds, UTC.
std::string now_rfc3339();

}  // namespace hub::events
