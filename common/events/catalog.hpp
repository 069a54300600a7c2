#pragma once
// One struct per event type, and the one serializer of their `data` (schemas/events/<type>.schema.json
// describes each; tests/events checks what this writes against those schemas). A producer fills a
// struct and never concatenates JSON by hand; a consumer reads the same field names.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/events/envelope.hpp"

namespace hub::events {

// What auth writes to the audit log for an event that carries it.
struct Audit {
  std::string action;  // e.g. repo.visibility.update
  std::optional<std::string> target;
  std::optional<std::string> source_address;
  std::string details_json;  // a JSON object, or "" for none
};

// The registry's facts, which auth's copy follows (repo.created, repo.updated, repo.moved).
struct RepoCreated {
  static constexpr std::string_view kType = "repo.created";
  bool is_private = false;
  std::string creator_id;  // "" when unknown
};

struct RepoUpdated {
  static constexpr std::string_view kType = "repo.updated";
  bool is_private = false;
  std::string creator_id;
  std::optional<Audit> audit;
};

struct RepoMoved {
  static constexpr std::string_view kType = "repo.moved";
  bool is_private = false;
  std::string creator_id;
  std::string moved_from;  // namespace/name before the move
  Audit audit;
};

struct RepoDeleted {
  static constexpr std::string_view kType = "repo.deleted";
  Audit audit;
};

struct RefUpdate {
  std::string ref;
  std::string old_sha;  // "": created
  std::string new_sha;  // "": deleted
};

struct RepoContent {
  static constexpr std::string_view kType = "repo.content";
  std::vector<RefUpdate> updated_refs;
};

struct RepoConfigChanged {
  static constexpr std::string_view kType = "repo.config";
  std::optional<bool> is_private;
  std::optional<std::string> gated;            // "false", "auto" or "manual"
  std::optional<std::string> protection_json;  // the protection document's rules object, {"rules":[…]}
  std::optional<Audit> audit;
};

struct RepoAccessRequest {
  static constexpr std::string_view kType = "repo.access_request";
  std::string user;  // name
  std::string user_id;
  std::string status;  // pending, accepted, rejected
  Audit audit;
};

struct RepoStatus {
  static constexpr std::string_view kType = "repo.status";
  std::string sha;
  std::string context;
  std::string state;
};

// The `data` object of each.
std::string data_of(const RepoCreated& e);
std::string data_of(const RepoUpdated& e);
std::string data_of(const RepoMoved& e);
std::string data_of(const RepoDeleted& e);
std::string data_of(const RepoContent& e);
std::string data_of(const RepoConfigChanged& e);
std::string data_of(const RepoAccessRequest& e);
std::string data_of(const RepoStatus& e);

// A new envelope (fresh id, now) of the event's type with its data.
template <class Event>
Envelope make_event(const Event& e) {
  return Envelope::make(std::string(Event::kType), data_of(e));
}

}  // namespace hub::events
