#include "common/events/catalog.hpp"

#include "common/json/json.hpp"

namespace hub::events {
namespace {

void write_raw_object(json::Writer& w, std::string_view key, const std::string& object_json) {
  w.key(key);
  auto parsed = json::parse_object(object_json);
  if (parsed) {
    w.raw_value(parsed.value());
  } else {
    w.begin_object().end_object();
  }
}

void write_audit(json::Writer& w, const Audit& a) {
  w.key("audit").begin_object().field("action", a.action);
  if (a.target) w.field("target", *a.target);
  if (a.source_address) w.field("sourceAddress", *a.source_address);
  if (!a.details_json.empty()) write_raw_object(w, "details", a.details_json);
  w.end_object();
}

void write_registry(json::Writer& w, bool is_private, const std::string& creator_id) {
  w.field("private", is_private);
  if (!creator_id.empty()) w.field("creatorId", creator_id);
}

void write_gate(json::Writer& w, const std::string& gated) {
  // The gate as the Hub writes it: false, "auto" or "manual".
  if (gated == "false") {
    w.field("gated", false);
  } else {
    w.field("gated", gated);
  }
}

// Every event's data is one JSON object: `members` writes what is inside it.
template <class Members>
std::string object_of(Members members) {
  json::Writer w;
  w.begin_object();
  members(w);
  w.end_object();
  return w.str();
}

}  // namespace

std::string data_of(const RepoCreated& e) {
  return object_of([&](json::Writer& w) { write_registry(w, e.is_private, e.creator_id); });
}

std::string data_of(const RepoUpdated& e) {
  return object_of([&](json::Writer& w) {
    write_registry(w, e.is_private, e.creator_id);
    if (e.audit) write_audit(w, *e.audit);
  });
}

std::string data_of(const RepoMoved& e) {
  return object_of([&](json::Writer& w) {
    write_registry(w, e.is_private, e.creator_id);
    w.field("movedFrom", e.moved_from);
    write_audit(w, e.audit);
  });
}

std::string data_of(const RepoDeleted& e) {
  return object_of([&](json::Writer& w) { write_audit(w, e.audit); });
}

std::string data_of(const RepoContent& e) {
  return object_of([&](json::Writer& w) {
    w.key("updatedRefs").begin_array();
    for (const auto& u : e.updated_refs) {
      w.begin_object().field("ref", u.ref);
      w.key("oldSha");
      u.old_sha.empty() ? w.null() : w.value(u.old_sha);
      w.key("newSha");
      u.new_sha.empty() ? w.null() : w.value(u.new_sha);
      w.end_object();
    }
    w.end_array();
  });
}

std::string data_of(const RepoConfigChanged& e) {
  return object_of([&](json::Writer& w) {
    w.key("updatedConfig").begin_object();
    if (e.is_private) w.field("private", *e.is_private);
    if (e.gated) write_gate(w, *e.gated);
    if (e.protection_json) write_raw_object(w, "protection", *e.protection_json);
    w.end_object();
    if (e.audit) write_audit(w, *e.audit);
  });
}

std::string data_of(const RepoAccessRequest& e) {
  return object_of([&](json::Writer& w) {
    w.field("user", e.user).field("userId", e.user_id).field("status", e.status);
    write_audit(w, e.audit);
  });
}

std::string data_of(const RepoStatus& e) {
  return object_of([&](json::Writer& w) { w.field("sha", e.sha).field("context", e.context).field("state", e.state); });
}

namespace {

void write_discussion(json::Writer& w, const DiscussionFacts& d) {
  w.key("discussion").begin_object().field("id", d.id).field("num", d.num).field("title", d.title);
  w.field("status", d.status).field("isPullRequest", d.is_pull_request);
  w.key("author").begin_object();
  if (!d.author_id.empty()) w.field("id", d.author_id);
  w.field("name", d.author_name).end_object();
  w.key("url").begin_object().field("web", d.url_web).field("api", d.url_api).end_object();
  if (d.is_pull_request) {
    w.key("changes").begin_object().field("base", d.base);
    if (!d.merge_commit_id.empty()) w.field("mergeCommitId", d.merge_commit_id);
    w.end_object();
  }
  w.end_object();
}

void write_comment(json::Writer& w, const CommentFacts& c) {
  w.key("comment").begin_object().field("id", c.id);
  w.key("author").begin_object();
  if (!c.author_id.empty()) w.field("id", c.author_id);
  w.field("name", c.author_name).end_object();
  w.field("hidden", c.hidden);
  if (c.content) w.field("content", *c.content);
  w.key("url").begin_object().field("web", c.url_web).end_object();
  w.end_object();
}

void write_mentions(json::Writer& w, const std::vector<MentionRef>& mentions) {
  w.key("mentions").begin_array();
  for (const auto& m : mentions) {
    w.begin_object().field("user", m.user);
    if (!m.group.empty()) w.field("group", m.group);
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string data_of(const DiscussionCreated& e) {
  return object_of([&](json::Writer& w) {
    write_discussion(w, e.discussion);
    write_mentions(w, e.mentions);
  });
}

std::string data_of(const DiscussionUpdated& e) {
  return object_of([&](json::Writer& w) {
    write_discussion(w, e.discussion);
    w.key("updated").begin_object();
    if (e.old_status) w.field("oldStatus", *e.old_status);
    if (e.old_title) w.field("oldTitle", *e.old_title);
    if (e.pinned) w.field("pinned", *e.pinned);
    if (e.locked) w.field("locked", *e.locked);
    w.end_object();
  });
}

std::string data_of(const DiscussionCommentCreated& e) {
  return object_of([&](json::Writer& w) {
    write_discussion(w, e.discussion);
    write_comment(w, e.comment);
    write_mentions(w, e.mentions);
  });
}

std::string data_of(const DiscussionCommentUpdated& e) {
  return object_of([&](json::Writer& w) {
    write_discussion(w, e.discussion);
    write_comment(w, e.comment);
    write_mentions(w, e.mentions);
  });
}

namespace {

void write_pull(json::Writer& w, const PullFacts& p) {
  w.key("pullRequest").begin_object().field("id", p.id).field("num", p.num);
  w.key("author").begin_object();
  if (!p.author_id.empty()) w.field("id", p.author_id);
  w.field("name", p.author_name).end_object();
  w.key("url").begin_object().field("web", p.url_web).field("api", p.url_api).end_object();
  w.field("base", p.base).end_object();
}

}  // namespace

std::string data_of(const PullReviewSubmitted& e) {
  return object_of([&](json::Writer& w) {
    write_pull(w, e.pull);
    w.key("review").begin_object().field("id", e.review_id).field("state", e.state).field("commit", e.commit);
    if (e.body) w.field("body", *e.body);
    w.field("comments", e.comments).end_object();
    write_mentions(w, e.mentions);
  });
}

std::string data_of(const PullReviewRequested& e) {
  return object_of([&](json::Writer& w) {
    write_pull(w, e.pull);
    w.key("reviewers").begin_object().key("users").begin_array();
    for (const auto& u : e.users)
      w.value(u);
    w.end_array().key("groups").begin_array();
    for (const auto& g : e.groups) {
      w.begin_object().field("name", g.name).key("members").begin_array();
      for (const auto& m : g.members)
        w.value(m);
      w.end_array().end_object();
    }
    w.end_array().end_object();
  });
}

std::string data_of(const PullReviewCommentCreated& e) {
  return object_of([&](json::Writer& w) {
    write_pull(w, e.pull);
    w.key("comment").begin_object().field("id", e.comment_id).field("replyTo", e.reply_to);
    w.field("threadAuthor", e.thread_author).field("path", e.path).field("content", e.content).end_object();
    write_mentions(w, e.mentions);
  });
}

std::string data_of(const PullMerged& e) {
  return object_of([&](json::Writer& w) {
    write_pull(w, e.pull);
    w.field("mergeCommitId", e.merge_commit).field("baseSha", e.base_sha).field("headSha", e.head_sha);
    w.field("strategy", e.strategy).key("closes").begin_array();
    for (auto n : e.closes)
      w.value(n);
    w.end_array();
    if (e.comment) w.field("comment", *e.comment);
    write_audit(w, e.audit);
  });
}

namespace {

void write_person(json::Writer& w, const Actor& a) {
  w.begin_object();
  if (!a.id.empty()) w.field("id", a.id);
  w.field("name", a.name).end_object();
}

void write_people(json::Writer& w, std::string_view key, const std::vector<Actor>& people) {
  w.key(key).begin_array();
  for (const auto& p : people)
    write_person(w, p);
  w.end_array();
}

void write_names(json::Writer& w, std::string_view key, const std::vector<std::string>& names) {
  w.key(key).begin_array();
  for (const auto& n : names)
    w.value(n);
  w.end_array();
}

void write_bug(json::Writer& w, const BugFacts& b) {
  w.key("bug").begin_object().field("id", b.id).field("num", b.num).field("title", b.title);
  w.field("status", b.status).field("severity", b.severity);
  w.key("author");
  write_person(w, b.author);
  write_people(w, "assignees", b.assignees);
  write_names(w, "labels", b.labels);
  if (!b.affected_revision.empty()) w.field("affectedRevision", b.affected_revision);
  if (!b.fixed_in.empty()) w.field("fixedIn", b.fixed_in);
  if (b.duplicate_of) w.field("duplicateOf", *b.duplicate_of);
  w.key("url").begin_object().field("web", b.url_web).field("api", b.url_api).end_object();
  w.end_object();
}

}  // namespace

std::string data_of(const BugCreated& e) {
  return object_of([&](json::Writer& w) {
    write_bug(w, e.bug);
    write_mentions(w, e.mentions);
  });
}

std::string data_of(const BugUpdated& e) {
  return object_of([&](json::Writer& w) {
    write_bug(w, e.bug);
    w.key("updated").begin_object();
    if (e.status) w.key("status").begin_object().field("from", e.status->from).field("to", e.status->to).end_object();
    if (e.fixed_by_pull) w.field("fixedByPullRequest", *e.fixed_by_pull);
    if (e.old_title) w.field("oldTitle", *e.old_title);
    if (e.body_edited) w.field("body", true);
    if (e.old_severity) w.field("oldSeverity", *e.old_severity);
    if (!e.assigned.empty()) write_people(w, "assigned", e.assigned);
    if (!e.unassigned.empty()) write_people(w, "unassigned", e.unassigned);
    if (!e.labels_added.empty()) write_names(w, "labelsAdded", e.labels_added);
    if (!e.labels_removed.empty()) write_names(w, "labelsRemoved", e.labels_removed);
    if (e.old_fixed_in) {
      w.key("oldFixedIn");
      e.old_fixed_in->empty() ? w.null() : w.value(*e.old_fixed_in);
    }
    w.end_object();
    write_mentions(w, e.mentions);
  });
}

std::string data_of(const BugCommentCreated& e) {
  return object_of([&](json::Writer& w) {
    write_bug(w, e.bug);
    write_comment(w, e.comment);
    write_mentions(w, e.mentions);
  });
}

std::string data_of(const BugLabelChanged& e) {
  return object_of([&](json::Writer& w) {
    w.field("action", e.action);
    w.key("label").begin_object().field("name", e.name).field("color", e.color);
    w.field("description", e.description).end_object();
    if (e.old_name) w.field("oldName", *e.old_name);
    w.field("reports", e.reports);
  });
}

std::string data_of(const BugTemplateUpdated& e) {
  return object_of([&](json::Writer& w) {
    w.key("template").begin_object().field("title", e.title).field("severity", e.severity);
    write_names(w, "labels", e.labels);
    w.end_object();
  });
}

std::string data_of(const OrgMemberRemoved& e) {
  return object_of([&](json::Writer& w) {
    w.key("org").begin_object().field("id", e.org_id).field("name", e.org).end_object();
    w.key("user").begin_object().field("id", e.user_id).field("name", e.user).end_object();
  });
}

}  // namespace hub::events
