#include "services/pulls/api/pull_json.hpp"

#include <algorithm>

namespace hub::pulls {

void write_review(json::Writer& w, const ReviewRow& r, bool dismissed) {
  w.begin_object().field("id", r.id).field("state", verdict_name(r.verdict));
  w.key("author").begin_object().field("id", r.reviewer_id).field("name", r.reviewer_name).end_object();
  w.field("body", r.body).field("html", r.body_html).field("commitOid", r.commit_sha);
  w.field("dismissed", dismissed).field("createdAt", r.created_at).end_object();
}

void write_comment(json::Writer& w, const CommentRow& c, const PlacedComment* placed) {
  w.begin_object().field("id", c.id);
  if (!c.review_id.empty()) w.field("reviewId", c.review_id);
  if (!c.reply_to.empty()) w.field("inReplyTo", c.reply_to);
  w.key("author").begin_object().field("id", c.author_id).field("name", c.author_name).end_object();
  w.field("path", c.path).field("side", side_name(c.side));
  if (c.reply_to.empty()) {
    if (!c.tensor.empty()) w.field("tensor", c.tensor);
    if (c.start_line) w.field("startLine", *c.start_line);
    if (c.line) w.field("line", *c.line);
    w.field("commitOid", c.commit_sha);
    if (placed != nullptr) {
      w.field("outdated", placed->outdated);
      if (placed->current_start) w.field("currentStartLine", *placed->current_start);
      if (placed->current_line) w.field("currentLine", *placed->current_line);
    }
    w.field("resolved", c.resolved);
    if (c.resolved) w.field("resolvedBy", c.resolved_by);
  }
  w.field("body", c.body).field("html", c.body_html).field("createdAt", c.created_at).end_object();
}

void write_requests(json::Writer& w, const std::vector<ReviewRequest>& requests) {
  w.key("requestedReviewers").begin_object().key("users").begin_array();
  for (const auto& r : requests)
    if (!r.group) w.value(r.reviewer);
  w.end_array().key("teams").begin_array();
  for (const auto& r : requests)
    if (r.group) w.value(r.reviewer);
  w.end_array().end_object();
}

void write_unmet(json::Writer& w, const std::vector<UnmetGate>& unmet) {
  w.key("unmet").begin_array();
  for (const auto& g : unmet) {
    w.begin_object().field("gate", g.gate).field("message", g.message);
    if (g.gate == "approvals") w.field("required", g.required).field("approvals", g.approvals);
    if (g.gate == "changesRequested") {
      w.key("reviewers").begin_array();
      for (const auto& r : g.reviewers)
        w.value(r);
      w.end_array();
    }
    if (g.gate == "statusCheck") {
      w.field("context", g.context);
      g.state.empty() ? w.key("state").null() : w.field("state", g.state);
    }
    if (g.gate == "metricGate") {
      w.field("context", g.context).field("metric", g.metric).field("direction", g.direction);
      w.field("maxRegression", g.max_regression).field("base", g.base_value).field("head", g.head_value);
    }
    if (g.gate == "status") w.field("status", g.state);
    if (g.gate == "conflicts") {
      w.key("paths").begin_array();
      for (const auto& p : g.paths)
        w.value(p);
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
}

}  // namespace hub::pulls
