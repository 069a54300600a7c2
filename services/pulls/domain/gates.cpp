#include "services/pulls/domain/gates.hpp"

#include <algorithm>
#include <cmath>

namespace hub::pulls {
namespace {

const StatusFacts* status_of(const std::vector<StatusFacts>& statuses, const std::string& context) {
  for (const auto& s : statuses)
    if (s.context == context) return &s;
  return nullptr;
}

std::optional<double> metric_of(const std::vector<StatusFacts>& statuses, const domain::MetricGate& gate) {
  const StatusFacts* s = status_of(statuses, gate.context);
  if (s == nullptr) return std::nullopt;
  auto it = s->metrics.find(gate.metric);
  if (it == s->metrics.end() || !std::isfinite(it->second)) return std::nullopt;
  return it->second;
}

std::string format_number(double v) {
  std::string s = std::to_string(v);
  while (s.size() > 1 && s.back() == '0')
    s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

void check_review_gates(const GateInputs& in, std::vector<UnmetGate>& out) {
  const domain::ProtectionRule& rule = *in.rule;
  int approvals = 0;
  std::vector<std::string> blocking;
  for (const Standing& s : standings(in)) {
    if (!s.counts) continue;
    if (s.review->verdict == Verdict::kApprove) ++approvals;
    if (s.review->verdict == Verdict::kRequestChanges) blocking.push_back(s.review->reviewer_name);
  }
  if (approvals < rule.required_approvals) {
    UnmetGate g{.gate = "approvals"};
    g.required = rule.required_approvals;
    g.approvals = approvals;
    g.message = std::to_string(rule.required_approvals) + " approval" + (rule.required_approvals == 1 ? "" : "s") +
                " required from people who may write, " + std::to_string(approvals) + " given";
    out.push_back(std::move(g));
  }
  if (rule.block_on_changes_requested && !blocking.empty()) {
    UnmetGate g{.gate = "changesRequested"};
    g.reviewers = blocking;
    std::string names;
    for (const auto& n : blocking)
      names += (names.empty() ? "" : ", ") + n;
    g.message = "changes requested by " + names;
    out.push_back(std::move(g));
  }
}

void check_status_gates(const GateInputs& in, std::vector<UnmetGate>& out) {
  for (const auto& context : in.rule->required_status_checks) {
    const StatusFacts* s = status_of(in.head_statuses, context);
    if (s != nullptr && s->state == "success") continue;
    UnmetGate g{.gate = "statusCheck"};
    g.context = context;
    g.state = s != nullptr ? s->state : "";
    g.message = s != nullptr ? "status check " + context + " is " + s->state
                             : "status check " + context + " has not reported on the head commit";
    out.push_back(std::move(g));
  }
  for (const auto& gate : in.rule->metric_gates) {
    UnmetGate g{.gate = "metricGate"};
    g.context = gate.context;
    g.metric = gate.metric;
    g.direction = gate.higher_is_better ? "higherIsBetter" : "lowerIsBetter";
    g.max_regression = gate.max_regression;
    g.base_value = metric_of(in.base_statuses, gate);
    g.head_value = metric_of(in.head_statuses, gate);
    const std::string name = gate.context + "/" + gate.metric;
    if (!g.base_value || !g.head_value) {
      g.message = name + " is missing on the " +
                  (!g.base_value && !g.head_value ? std::string("base and the head")
                   : !g.base_value                ? std::string("base branch's head")
                                                  : std::string("pull request's head"));
      out.push_back(std::move(g));
      continue;
    }
    // How much worse the head is than the base, in the metric's own units.
    const double regression = gate.higher_is_better ? *g.base_value - *g.head_value : *g.head_value - *g.base_value;
    if (regression <= gate.max_regression) continue;
    g.message = name + " regresses from " + format_number(*g.base_value) + " to " + format_number(*g.head_value) +
                " (at most " + format_number(gate.max_regression) + " allowed)";
    out.push_back(std::move(g));
  }
}

}  // namespace

bool dismissed(const ReviewRow& review, const std::string& head_sha, const domain::ProtectionRule* rule) {
  return rule != nullptr && rule->dismiss_stale_approvals && review.verdict == Verdict::kApprove &&
         review.commit_sha != head_sha;
}

std::vector<Standing> standings(const GateInputs& in) {
  // The latest deciding review of each reviewer; a plain comment decides nothing.
  std::map<std::string, const ReviewRow*> latest;
  for (const auto& r : in.reviews) {
    if (r.verdict == Verdict::kComment) continue;
    auto& slot = latest[r.reviewer_id];
    if (slot == nullptr || slot->seq < r.seq) slot = &r;
  }
  std::vector<Standing> out;
  for (const auto& [reviewer, review] : latest) {
    Standing s{review};
    s.stale = dismissed(*review, in.head_sha, in.rule);
    // The author's own verdict never counts; nor does that of someone who may not write (now).
    s.counts = !s.stale && reviewer != in.author_id && in.writers.contains(reviewer);
    out.push_back(s);
  }
  std::sort(out.begin(), out.end(), [](const Standing& a, const Standing& b) { return a.review->seq < b.review->seq; });
  return out;
}

std::vector<UnmetGate> unmet_gates(const GateInputs& in) {
  std::vector<UnmetGate> out;
  if (in.thread_status != "open") {
    UnmetGate g{.gate = "status"};
    g.state = in.thread_status;
    g.message = in.thread_status == "draft" ? "the pull request is a draft: publish it first (status open)"
                                            : "the pull request is " + in.thread_status;
    out.push_back(std::move(g));
  }
  if (in.rule != nullptr) {
    check_review_gates(in, out);
    check_status_gates(in, out);
  }
  if (!in.conflicts.empty()) {
    UnmetGate g{.gate = "conflicts"};
    g.paths = in.conflicts;
    g.message = std::to_string(in.conflicts.size()) + " file" + (in.conflicts.size() == 1 ? "" : "s") +
                " conflict with the base branch";
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace hub::pulls
