#pragma once
// What a webhook's owner writes (the Hub's `{watched, domains?, secret?, url}` (docs/webhooks.md), and our
// `dailyCap`), checked here before anything is stored: the shape of each field and the limits.
// Whether a watched user, org or repo exists, and may be watched by this owner, is asked of auth
// by app/; whether the URL is a URL we send to, by http::parse_outbound_url in app/.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json/json.hpp"
#include "common/util/result.hpp"

namespace hub::notifications {

// Limits a hook lives within (docs/webhooks.md, "Limits").
inline constexpr std::size_t kMaxHooksPerOwner = 100;
inline constexpr std::size_t kMaxWatched = 100;
inline constexpr std::size_t kMaxSecretBytes = 256;
inline constexpr std::size_t kMaxUrlBytes = 2048;

// A watched item: a user or org (every repo in that namespace) or one repo.
struct WatchedItem {
  std::string type;  // user, org, model, dataset, space
  std::string name;  // the namespace, or namespace/name

  bool is_namespace() const { return type == "user" || type == "org"; }
  std::string_view ns() const;  // the namespace part of the name
  bool operator==(const WatchedItem&) const = default;
};

// `watched`: a non-empty array of {type, name}, at most kMaxWatched, no item twice.
Result<std::vector<WatchedItem>> parse_watched(const json::Value& list);

// The domains a hook receives. The Hub's `repo` (scopes repo, repo.content, repo.config) and
// `discussion` (discussion, discussion.comment; `discussions` as huggingface_hub spells it), and
// ours: `pull_request.review`, `status`, `bug`.
// `domains`: an array of those names (duplicates dropped, order kept); empty means the Hub's two.
Result<std::vector<std::string>> parse_domains(const json::Value& list);
// The Hub's default when `domains` is absent or empty: ["repo", "discussion"]. Our own scopes are
// sent only to hooks that ask for them, so an existing Hub receiver never sees a scope it does not know.
std::vector<std::string> default_domains();
// Whether a hook with these domains receives an event of `scope` (repo.content, discussion.comment, ...).
bool domains_cover(const std::vector<std::string>& domains, std::string_view scope);

// How domains are stored: a JSON array of the names.
std::string domains_to_json(const std::vector<std::string>& domains);
std::vector<std::string> domains_from_json(std::string_view text);

// `secret`: 1 to kMaxSecretBytes bytes of printable ASCII (it travels in a header); "" or null
// clears it on update.
Result<std::string> check_secret(std::string_view secret);

// `dailyCap`: 1 to `configured` — an owner may lower the cap for their hook, never raise it.
Result<int> check_daily_cap(std::int64_t cap, int configured);

}  // namespace hub::notifications
