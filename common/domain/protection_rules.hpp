#pragma once
// Branch protection rules (README.md, "API reference": settings/protection): parsed and validated from JSON, matched
// against branch names, and the ref-change policy they imply. Plain code, no database: the API,
// the commit path and the pre-receive hook all decide with it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/access/role.hpp"
#include "common/json/json.hpp"
#include "common/util/result.hpp"

namespace hub::domain {

struct MetricGate {
  std::string context;
  std::string metric;
  bool higher_is_better = true;
  double max_regression = 0;  // absolute
};

struct ProtectionRule {
  std::string pattern;  // a glob over branch names: main, release/*
  int required_approvals = 0;
  std::vector<std::string> required_status_checks;
  bool dismiss_stale_approvals = false;
  bool block_on_changes_requested = false;
  std::vector<MetricGate> metric_gates;
  access::Role push_role = access::Role::kWrite;  // who may push: write or admin
};

inline constexpr std::size_t kMaxRules = 50;

// {rules:[…]} into rules; a message naming the field when invalid.
Result<std::vector<ProtectionRule>> parse_protection(const json::Value& body);
std::string protection_json(const std::vector<ProtectionRule>& rules);  // {"rules":[…]}
// One rule as protection_json writes it, every field shown with its default.
void write_protection_rule(json::Writer& w, const ProtectionRule& rule);

// The first rule whose pattern matches the branch (short name), or nullptr.
const ProtectionRule* rule_for(const std::vector<ProtectionRule>& rules, std::string_view branch);

// Why `role` may not make this change to `ref`, or nullopt. `fast_forward` says whether the new
// commit descends from the old one (ignored for creations and deletions).
struct RefChange {
  std::string ref;
  bool creates = false;
  bool deletes = false;
  bool fast_forward = true;
};
std::optional<std::string> protection_refusal(const std::vector<ProtectionRule>& rules, const RefChange& change,
                                              access::Role role);

}  // namespace hub::domain
