#include "common/access/org_policy.hpp"

namespace hub::access {

Result<OrgPolicy> apply_policy_update(OrgPolicy p, const json::Value& body) {
  if (!body.IsObject()) return fail("the policy is a JSON object");
  if (const json::Value* list = json::find(body, "ipAllowlist")) {
    if (!list->IsArray()) return fail("ipAllowlist is an array of CIDR blocks");
    if (list->Size() > kMaxAllowlistEntries) {
      return fail("ipAllowlist holds at most " + std::to_string(kMaxAllowlistEntries) + " blocks");
    }
    p.ip_allowlist.clear();
    for (const auto& item : list->GetArray()) {
      if (!item.IsString()) return fail("ipAllowlist is an array of CIDR blocks");
      auto block = net::parse_cidr(std::string_view(item.GetString(), item.GetStringLength()));
      if (!block) return fail("ipAllowlist: " + block.error());
      p.ip_allowlist.push_back(*block);
    }
  }
  if (const json::Value* v = json::find(body, "requireFineGrainedTokens")) {
    if (!v->IsBool()) return fail("requireFineGrainedTokens is true or false");
    p.require_fine_grained_tokens = v->GetBool();
  }
  // Present but null clears the limit; json::find() would not tell null from absent.
  if (auto member = body.FindMember("maxTokenLifetimeDays"); member != body.MemberEnd()) {
    const json::Value* v = &member->value;
    if (v->IsNull()) {
      p.max_token_lifetime_days.reset();
    } else if (!v->IsInt64() || v->GetInt64() < 1 || v->GetInt64() > 3650) {
      return fail("maxTokenLifetimeDays is a whole number of days from 1 to 3650, or null for no limit");
    } else {
      p.max_token_lifetime_days = v->GetInt64();
    }
  }
  if (const json::Value* v = json::find(body, "defaultRepoVisibility")) {
    const std::string_view s = v->IsString() ? std::string_view(v->GetString(), v->GetStringLength()) : "";
    if (s != "public" && s != "private") return fail("defaultRepoVisibility is public or private");
    p.default_repo_visibility = std::string(s);
  }
  return p;
}

void write_policy(json::Writer& w, const OrgPolicy& p) {
  w.begin_object();
  w.key("ipAllowlist").begin_array();
  for (const auto& block : p.ip_allowlist)
    w.value(block.str());
  w.end_array();
  w.field("requireFineGrainedTokens", p.require_fine_grained_tokens);
  w.key("maxTokenLifetimeDays");
  if (p.max_token_lifetime_days) {
    w.value(*p.max_token_lifetime_days);
  } else {
    w.null();
  }
  w.field("defaultRepoVisibility", p.default_repo_visibility);
  w.end_object();
}

std::optional<std::string> policy_refusal(const OrgPolicy& p, const Credential& c, std::string_view client) {
  if (!p.ip_allowlist.empty()) {
    auto address = net::parse_address(client);
    if (!address || !net::contains_any(p.ip_allowlist, *address)) {
      return "this organization admits its members only from its allowed networks; " + std::string(client) +
             " is not in them";
    }
  }
  if (c.session) return std::nullopt;
  if (p.require_fine_grained_tokens && c.token_role != "fineGrained") {
    return "this organization requires fine-grained tokens";
  }
  if (p.max_token_lifetime_days) {
    const std::int64_t max_seconds = *p.max_token_lifetime_days * 86400;
    if (!c.lifetime_seconds || *c.lifetime_seconds > max_seconds) {
      return "this organization accepts only tokens that expire within " + std::to_string(*p.max_token_lifetime_days) +
             " days of their creation";
    }
  }
  return std::nullopt;
}

}  // namespace hub::access
