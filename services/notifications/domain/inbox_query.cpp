#include "services/notifications/domain/inbox_query.hpp"

#include <algorithm>

#include "common/util/strings.hpp"
#include "services/notifications/domain/reason.hpp"

namespace hub::notifications {
namespace {

bool is_state(std::string_view s) {
  return s == "unread" || s == "read" || s == "done";
}

}  // namespace

std::string InboxFilter::cursor_scope(const std::string& user_id) const {
  std::string scope = "inbox:" + user_id + ":";
  for (const auto& s : states)
    scope += s + ",";
  return scope + ":" + repo.value_or("") + ":" + reason.value_or("");
}

Result<InboxFilter> parse_inbox_filter(const InboxParams& params) {
  InboxFilter f;
  if (params.unread && params.state) return fail("give unread or state, not both");
  if (params.unread) {
    if (*params.unread == "true" || *params.unread == "1") {
      f.states = {"unread"};
    } else if (*params.unread == "false" || *params.unread == "0") {
      f.states = {"read"};
    } else {
      return fail("unread is true or false");
    }
  } else if (!params.state || *params.state == "") {
    f.states = {"unread", "read"};
  } else if (*params.state == "all") {
    f.states = {"unread", "read", "done"};
  } else if (is_state(*params.state)) {
    f.states = {*params.state};
  } else {
    return fail("state is unread, read, done or all");
  }
  if (params.repo && !params.repo->empty()) {
    const auto& repo = *params.repo;
    const auto slash = repo.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == repo.size() ||
        repo.find('/', slash + 1) != std::string::npos || repo.size() > 200) {
      return fail("repo is namespace/name");
    }
    f.repo = repo;
  }
  if (params.reason && !params.reason->empty()) {
    if (!parse_reason(*params.reason)) {
      return fail("reason is mention, review_requested, assigned, author, participating, watching or security");
    }
    f.reason = *params.reason;
  }
  return f;
}

std::optional<std::int64_t> parse_item_id(std::string_view id) {
  if (id.empty() || id.size() > 18) return std::nullopt;
  auto n = util::parse_int(id);
  if (!n || *n <= 0) return std::nullopt;
  return n;
}

Result<MarkRequest> parse_mark_request(const json::Value& body) {
  MarkRequest m;
  auto all = json::get_optional_bool(body, "all");
  if (!all) return fail(all.error());
  m.all = all.value().value_or(false);
  auto state = json::get_optional_string(body, "state");
  if (!state) return fail(state.error());
  if (state.value()) {
    if (!is_state(*state.value())) return fail("state is read, unread or done");
    m.state = std::string(*state.value());
  }
  const json::Value* ids = json::find(body, "ids");
  if (m.all) {
    if (ids != nullptr) return fail("give ids or all, not both");
    if (m.state == "unread") return fail("all marks every item read or done, not unread");
    return m;
  }
  if (ids == nullptr) return fail("give ids (the items' ids) or all: true");
  if (!ids->IsArray()) return fail("ids is an array of item ids");
  if (ids->Size() == 0) return fail("ids names at least one item");
  if (ids->Size() > kMaxMarkedIds) return fail("at most 1000 ids at a time");
  for (const auto& v : ids->GetArray()) {
    std::optional<std::int64_t> id;
    if (v.IsString()) id = parse_item_id(std::string_view(v.GetString(), v.GetStringLength()));
    if (v.IsInt64() && v.GetInt64() > 0) id = v.GetInt64();
    if (!id) return fail("ids holds item ids, as the list shows them");
    if (std::find(m.ids.begin(), m.ids.end(), *id) == m.ids.end()) m.ids.push_back(*id);
  }
  return m;
}

}  // namespace hub::notifications
