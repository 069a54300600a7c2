#include "services/bugs/api/report_json.hpp"

namespace hub::bugs {
namespace {

void write_person(json::Writer& w, const Person& p) {
  w.begin_object().field("name", p.name).end_object();
}

void write_sha(json::Writer& w, std::string_view key, const std::string& sha) {
  w.key(key);
  sha.empty() ? w.null() : w.value(sha);
}

void write_common(json::Writer& w, const Place& place, const ReportRow& r) {
  w.field("num", r.num).field("title", r.title).field("status", status_name(r.status));
  w.field("severity", severity_name(r.severity));
  w.key("author");
  write_person(w, r.author);
  w.key("labels").begin_array();
  for (const auto& l : r.labels)
    write_label(w, l, false);
  w.end_array().key("assignees").begin_array();
  for (const auto& a : r.assignees)
    write_person(w, a);
  w.end_array();
  write_sha(w, "affectedRevision", r.affected_sha);
  write_sha(w, "fixedIn", r.fixed_in);
  w.key("duplicateOf");
  r.duplicate_of ? w.value(*r.duplicate_of) : w.null();
  w.key("pullRequests").begin_array();
  for (const auto& p : r.pulls) {
    w.begin_object().field("num", p.num).field("mergeCommitId", p.merge_commit);
    w.field("url", place.web_url(p.num)).end_object();
  }
  w.end_array();
  w.field("numComments", r.comment_count).field("createdAt", r.created_at).field("updatedAt", r.updated_at);
  w.key("url").begin_object().field("web", place.bug_web_url(r.num)).field("api", place.bug_api_url(r.num));
  w.end_object();
}

void write_environment(json::Writer& w, const Environment& e, bool with_reproduction) {
  w.key("environment").begin_object().field("library", e.library).field("libraryVersion", e.library_version);
  w.field("hardware", e.hardware);
  if (with_reproduction) w.field("reproduction", e.reproduction);
  w.end_object();
}

}  // namespace

void write_report_item(json::Writer& w, const Place& place, const ReportRow& report) {
  w.begin_object();
  write_common(w, place, report);
  write_environment(w, report.environment, false);
  w.end_object();
}

void write_report_fields(json::Writer& w, const Place& place, const ReportRow& report) {
  write_common(w, place, report);
  write_environment(w, report.environment, true);
  w.field("body", report.body).field("bodyHtml", report.body_html);
}

void write_timeline_entry(json::Writer& w, const Place& place, std::int64_t num, const TimelineEntry& e) {
  const bool comment = e.kind == TimelineEntry::Kind::kComment;
  w.begin_object().field("id", e.id).field("type", comment ? "comment" : "status-change");
  w.field("createdAt", e.created_at).key(comment ? "author" : "actor");
  write_person(w, e.actor);
  if (comment) {
    w.field("body", e.body).field("bodyHtml", e.body_html).field("url", place.bug_web_url(num) + "#" + e.id);
  } else {
    w.field("from", status_name(e.from)).field("to", status_name(e.to));
    if (e.duplicate_of) w.field("duplicateOf", *e.duplicate_of);
    if (!e.fixed_in.empty()) w.field("fixedIn", e.fixed_in);
    if (e.pull_num) {
      w.key("pullRequest").begin_object().field("num", *e.pull_num).field("url", place.web_url(*e.pull_num));
      w.end_object();
    }
  }
  w.end_object();
}

void write_label(json::Writer& w, const LabelRow& label, bool with_count) {
  w.begin_object().field("name", label.name).field("color", label.color).field("description", label.description);
  if (with_count) w.field("reports", label.reports);
  w.end_object();
}

void write_template(json::Writer& w, const BugTemplate& tmpl) {
  w.begin_object().field("title", tmpl.title).field("body", tmpl.body).field("severity", severity_name(tmpl.severity));
  w.key("labels").begin_array();
  for (const auto& l : tmpl.labels)
    w.value(l);
  w.end_array().field("default", tmpl.is_default).end_object();
}

void write_counts(json::Writer& w, const std::map<Status, std::int64_t>& counts) {
  w.begin_object();
  for (const auto& [status, n] : counts)
    w.field(status_name(status), n);
  w.end_object();
}

}  // namespace hub::bugs
