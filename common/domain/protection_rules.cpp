#include "common/domain/protection_rules.hpp"

#include <fnmatch.h>

#include <cmath>

namespace hub::domain {
namespace {

Result<bool> read_rule(const json::Value& v, ProtectionRule& rule) {
  if (!v.IsObject()) return fail("each rule is an object");
  auto pattern = json::get_string(v, "pattern");
  if (!pattern) return fail(pattern.error());
  rule.pattern = std::string(pattern.value());
  if (rule.pattern.empty() || rule.pattern.size() > 200 || rule.pattern.find_first_of(" \t\n\\") != std::string::npos) {
    return fail("pattern is a branch name or glob of at most 200 characters");
  }
  if (auto n = json::get_optional_int(v, "requiredApprovals"); !n) {
    return fail(n.error());
  } else if (n.value()) {
    if (*n.value() < 0 || *n.value() > 20) return fail("requiredApprovals is from 0 to 20");
    rule.required_approvals = static_cast<int>(*n.value());
  }
  for (const char* key : {"dismissStaleApprovals", "blockOnChangesRequested"}) {
    auto b = json::get_optional_bool(v, key);
    if (!b) return fail(b.error());
    const bool value = b.value().value_or(false);
    (std::string_view(key) == "dismissStaleApprovals" ? rule.dismiss_stale_approvals
                                                      : rule.block_on_changes_requested) = value;
  }
  if (auto roles = json::get_optional_string(v, "pushRoles"); !roles) {
    return fail(roles.error());
  } else if (roles.value()) {
    const auto role = access::parse_role(*roles.value());
    if (role != access::Role::kWrite && role != access::Role::kAdmin) return fail("pushRoles is write or admin");
    rule.push_role = *role;
  }
  if (const json::Value* checks = json::find(v, "requiredStatusChecks")) {
    if (!checks->IsArray() || checks->Size() > 50) return fail("requiredStatusChecks is a list of at most 50 contexts");
    for (const auto& c : checks->GetArray()) {
      if (!c.IsString() || c.GetStringLength() == 0 || c.GetStringLength() > 255) {
        return fail("each required status check is a context name of 1 to 255 characters");
      }
      rule.required_status_checks.emplace_back(c.GetString(), c.GetStringLength());
    }
  }
  if (const json::Value* gates = json::find(v, "metricGates")) {
    if (!gates->IsArray() || gates->Size() > 50) return fail("metricGates is a list of at most 50 gates");
    for (const auto& g : gates->GetArray()) {
      if (!g.IsObject()) return fail("each metric gate is an object");
      MetricGate gate;
      auto context = json::get_string(g, "context");
      auto metric = json::get_string(g, "metric");
      auto direction = json::get_string(g, "direction");
      if (!context || !metric || !direction) return fail("a metric gate has context, metric and direction");
      gate.context = std::string(context.value());
      gate.metric = std::string(metric.value());
      if (gate.context.empty() || gate.context.size() > 255 || gate.metric.empty() || gate.metric.size() > 255) {
        return fail("a metric gate's context and metric have 1 to 255 characters");
      }
      if (direction.value() != "higherIsBetter" && direction.value() != "lowerIsBetter") {
        return fail("direction is higherIsBetter or lowerIsBetter");
      }
      gate.higher_is_better = direction.value() == "higherIsBetter";
      const json::Value* max = json::find(g, "maxRegression");
      if (max != nullptr) {
        if (!max->IsNumber() || !std::isfinite(max->GetDouble()) || max->GetDouble() < 0) {
          return fail("maxRegression is a number, at least 0");
        }
        gate.max_regression = max->GetDouble();
      }
      rule.metric_gates.push_back(std::move(gate));
    }
  }
  return true;
}

}  // namespace

Result<std::vector<ProtectionRule>> parse_protection(const json::Value& body) {
  if (!body.IsObject()) return fail("the body is {rules:[…]}");
  const json::Value* list = json::find(body, "rules");
  if (list == nullptr || !list->IsArray()) return fail("rules is a list");
  if (list->Size() > kMaxRules) return fail("at most 50 rules");
  std::vector<ProtectionRule> rules;
  for (const auto& v : list->GetArray()) {
    ProtectionRule rule;
    auto ok = read_rule(v, rule);
    if (!ok) return fail(ok.error());
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::string protection_json(const std::vector<ProtectionRule>& rules) {
  json::Writer w;
  w.begin_object().key("rules").begin_array();
  for (const auto& r : rules)
    write_protection_rule(w, r);
  w.end_array().end_object();
  return w.str();
}

void write_protection_rule(json::Writer& w, const ProtectionRule& r) {
  w.begin_object()
      .field("pattern", r.pattern)
      .field("requiredApprovals", r.required_approvals)
      .key("requiredStatusChecks")
      .begin_array();
  for (const auto& c : r.required_status_checks)
    w.value(c);
  w.end_array()
      .field("dismissStaleApprovals", r.dismiss_stale_approvals)
      .field("blockOnChangesRequested", r.block_on_changes_requested)
      .key("metricGates")
      .begin_array();
  for (const auto& g : r.metric_gates) {
    w.begin_object()
        .field("context", g.context)
        .field("metric", g.metric)
        .field("direction", g.higher_is_better ? "higherIsBetter" : "lowerIsBetter")
        .field("maxRegression", g.max_regression)
        .end_object();
  }
  w.end_array().field("pushRoles", access::role_name(r.push_role)).end_object();
}

const ProtectionRule* rule_for(const std::vector<ProtectionRule>& rules, std::string_view branch) {
  const std::string name(branch);
  for (const auto& r : rules) {
    if (::fnmatch(r.pattern.c_str(), name.c_str(), 0) == 0) return &r;
  }
  return nullptr;
}

std::optional<std::string> protection_refusal(const std::vector<ProtectionRule>& rules, const RefChange& change,
                                              access::Role role) {
  if (!change.ref.starts_with("refs/heads/")) return std::nullopt;
  const std::string branch = change.ref.substr(11);
  const ProtectionRule* rule = rule_for(rules, branch);
  if (rule == nullptr) return std::nullopt;
  if (change.deletes) return "branch " + branch + " is protected: it cannot be deleted";
  if (!change.creates && !change.fast_forward) return "branch " + branch + " is protected: no force-pushes";
  if (role < rule->push_role) return "branch " + branch + " is protected: only admins push to it";
  return std::nullopt;
}

}  // namespace hub::domain
