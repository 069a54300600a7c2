#pragma once
// Gated repos, as the Hub has them: a public repo whose files are served only to those the owners
// let in, while its metadata (info, tree, commits, the card) stays visible to every reader. `auto`
// lets in whoever asks; `manual` waits for an owner to accept. Pure rules, no database.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/access/role.hpp"
#include "common/json/json.hpp"

namespace hub::repos {

enum class GateMode { kOff, kAuto, kManual };

// The stored setting ("false", "auto", "manual"); nullopt for anything else.
std::optional<GateMode> parse_gate_mode(std::string_view stored);

enum class AccessStatus { kPending, kAccepted, kRejected };
std::optional<AccessStatus> parse_access_status(std::string_view text);
std::string_view access_status_name(AccessStatus s);

// Files served to every reader of a gated repo: the card (README.md) and .gitattributes, which say
// what the repo is and how its files are stored, as the Hub shows them.
bool open_in_gated_repo(std::string_view path);

// Who passes the gate without asking: those who may write the repo (its owners, org writers and
// admins), and every reader of a private repo (reading it was granted already).
bool passes_gate_by_role(access::Role role, bool is_private);

// What a request to join leads to, given the gate and what the user already has: `auto` accepts at
// once, `manual` waits; an accepted request stays accepted, and a rejected one stays rejected (a
// requester cannot clear an owner's rejection by asking again).
AccessStatus status_after_request(GateMode mode, std::optional<AccessStatus> existing);

// The fields a card asks requesters for: the keys of `extra_gated_fields` in its metadata.
std::vector<std::string> requested_fields(const json::Value& card_data);
// The first asked field that `given` (the request's `fields` object, or null) lacks or leaves
// empty, or nullopt when every one is there. Values must be strings, numbers or booleans.
std::optional<std::string> missing_field(const std::vector<std::string>& asked, const json::Value* given);

// One user's access to a gated repo, as its writers list it.
struct AccessRow {
  std::string user_id;
  std::string user_name;
  std::string user_fullname;
  AccessStatus status = AccessStatus::kPending;
  std::string fields_json;  // the object the requester filled in
  std::string updated_at;   // RFC 3339
};

}  // namespace hub::repos
