#pragma once
// Whether a pull request may merge: the base branch's protection rule read against the review
// state, the head's and base's commit statuses and the merge's conflicts. Pure: the use case
// gathers the facts (from repos, discussions and auth) and this decides, so every gate is
// unit-tested without a peer. Every unmet gate is listed, with the values it was decided on.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/domain/protection_rules.hpp"
#include "services/pulls/domain/review.hpp"

namespace hub::pulls {

// A commit's latest status of one context, with its metrics.
struct StatusFacts {
  std::string context;
  std::string state;  // pending, success, failure, error
  std::map<std::string, double> metrics;
};

struct GateInputs {
  std::string thread_status;                     // open, draft, closed, merged
  const domain::ProtectionRule* rule = nullptr;  // the base branch's, or none
  std::string author_id;
  std::string head_sha;
  std::vector<ReviewRow> reviews;  // every review, oldest first
  std::set<std::string> writers;   // reviewers (by id) who may write to the repo now
  std::vector<StatusFacts> head_statuses, base_statuses;
  std::vector<std::string> conflicts;  // paths; empty when it merges cleanly
};

struct UnmetGate {
  std::string gate;  // status, approvals, changesRequested, statusCheck, metricGate, conflicts
  std::string message;
  // approvals
  int required = 0;
  int approvals = 0;
  // changesRequested: who asks for changes
  std::vector<std::string> reviewers;
  // statusCheck and metricGate
  std::string context;
  std::string state;  // the head's state of that context, "" when never reported
  // metricGate
  std::string metric;
  std::string direction;  // higherIsBetter, lowerIsBetter
  double max_regression = 0;
  std::optional<double> base_value, head_value;
  // conflicts
  std::vector<std::string> paths;
};

// Each reviewer's deciding review (the latest approve or request_changes), with whether it still
// counts.
struct Standing {
  const ReviewRow* review = nullptr;
  bool stale = false;   // given on an older head, and the rule dismisses those
  bool counts = false;  // an approval or change request that decides (not the author, may write, not stale)
};
std::vector<Standing> standings(const GateInputs& in);

// Whether a review given on `commit_sha` is dismissed now that the head is `head_sha`.
bool dismissed(const ReviewRow& review, const std::string& head_sha, const domain::ProtectionRule* rule);

// Every gate that is not met; empty when the pull request may merge.
std::vector<UnmetGate> unmet_gates(const GateInputs& in);

}  // namespace hub::pulls
