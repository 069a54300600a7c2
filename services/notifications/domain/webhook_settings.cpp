#include "services/notifications/domain/webhook_settings.hpp"

#include <algorithm>

#include "common/domain/names.hpp"
#include "common/domain/repo_type.hpp"
#include "common/util/strings.hpp"

namespace hub::notifications {
namespace {

constexpr std::string_view kHubDomains[] = {"repo", "discussion"};
constexpr std::string_view kOurDomains[] = {"pull_request.review", "status", "bug"};

// The domain a name stands for: `discussions` is huggingface_hub's spelling of `discussion`.
std::optional<std::string_view> canonical_domain(std::string_view name) {
  if (name == "discussions") return "discussion";
  for (auto d : kHubDomains)
    if (name == d) return d;
  for (auto d : kOurDomains)
    if (name == d) return d;
  return std::nullopt;
}

// The domain an event's scope belongs to: its first segment for the Hub's scopes (repo.content is
// `repo`, discussion.comment is `discussion`), the scope itself for ours.
std::string_view domain_of_scope(std::string_view scope) {
  for (auto d : kOurDomains)
    if (scope == d || scope.starts_with(std::string(d) + ".")) return d;
  return scope.substr(0, scope.find('.'));
}

Result<bool> check_item_name(const WatchedItem& item) {
  if (item.is_namespace()) {
    if (!domain::check_namespace(item.name)) return fail("watched: '" + item.name + "' is not a user or org name");
    return true;
  }
  const auto slash = item.name.find('/');
  if (slash == std::string::npos || !domain::check_namespace(std::string_view(item.name).substr(0, slash)) ||
      !domain::check_repo_name(std::string_view(item.name).substr(slash + 1))) {
    return fail("watched: a " + item.type + " is named namespace/name, not '" + item.name + "'");
  }
  return true;
}

}  // namespace

std::string_view WatchedItem::ns() const {
  return std::string_view(name).substr(0, name.find('/'));
}

Result<std::vector<WatchedItem>> parse_watched(const json::Value& list) {
  if (!list.IsArray()) return fail("watched is an array of {type, name}");
  if (list.Empty()) return fail("watched names at least one user, org or repo");
  if (list.Size() > kMaxWatched) return fail("watched holds at most " + std::to_string(kMaxWatched) + " items");
  std::vector<WatchedItem> out;
  for (const auto& v : list.GetArray()) {
    if (!v.IsObject()) return fail("watched is an array of {type, name}");
    auto type = json::get_string(v, "type");
    auto name = json::get_string(v, "name");
    if (!type || !name) return fail("each watched item has a type and a name");
    WatchedItem item{std::string(type.value()), std::string(name.value())};
    if (!item.is_namespace() && !domain::parse_repo_type(item.type)) {
      return fail("watched: type is user, org, model, dataset or space, not '" + item.type + "'");
    }
    if (auto ok = check_item_name(item); !ok) return Failure{ok.error()};
    const bool twice = std::any_of(out.begin(), out.end(), [&](const WatchedItem& o) {
      return o.type == item.type && util::iequals(o.name, item.name);
    });
    if (!twice) out.push_back(std::move(item));
  }
  return out;
}

Result<std::vector<std::string>> parse_domains(const json::Value& list) {
  if (!list.IsArray()) return fail("domains is an array of names");
  std::vector<std::string> out;
  for (const auto& v : list.GetArray()) {
    if (!v.IsString()) return fail("domains is an array of names");
    const std::string_view name(v.GetString(), v.GetStringLength());
    if (!canonical_domain(name)) {
      return fail("domains: '" + std::string(name) +
                  "' is not one of repo, discussion, discussions, pull_request.review, status, bug");
    }
    if (std::find(out.begin(), out.end(), name) == out.end()) out.emplace_back(name);
  }
  if (out.empty()) return default_domains();
  return out;
}

std::vector<std::string> default_domains() {
  return {std::string(kHubDomains[0]), std::string(kHubDomains[1])};
}

bool domains_cover(const std::vector<std::string>& domains, std::string_view scope) {
  const std::string_view wanted = domain_of_scope(scope);
  return std::any_of(domains.begin(), domains.end(),
                     [&](const std::string& d) { return canonical_domain(d) == wanted; });
}

std::string domains_to_json(const std::vector<std::string>& domains) {
  json::Writer w;
  w.begin_array();
  for (const auto& d : domains)
    w.value(d);
  w.end_array();
  return w.str();
}

std::vector<std::string> domains_from_json(std::string_view text) {
  std::vector<std::string> out;
  auto doc = json::parse(text);
  if (!doc || !doc.value().IsArray()) return out;
  for (const auto& v : doc.value().GetArray())
    if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
  return out;
}

Result<std::string> check_secret(std::string_view secret) {
  if (secret.size() > kMaxSecretBytes) {
    return fail("secret is at most " + std::to_string(kMaxSecretBytes) + " bytes");
  }
  if (!std::all_of(secret.begin(), secret.end(), [](char c) { return c >= 0x20 && c < 0x7f; })) {
    return fail("secret is printable ASCII (it travels in a header)");
  }
  return std::string(secret);
}

Result<int> check_daily_cap(std::int64_t cap, int configured) {
  if (cap < 1 || cap > configured) {
    return fail("dailyCap is from 1 to " + std::to_string(configured) + " deliveries a day");
  }
  return static_cast<int>(cap);
}

}  // namespace hub::notifications
