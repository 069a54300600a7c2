#include "services/discussions/api/thread_json.hpp"

namespace hub::discussions {
namespace {

void write_author(json::Writer& w, const std::string& name) {
  w.key("author").begin_object().field("name", name).end_object();
}

void write_version(json::Writer& w, const CommentVersion& v) {
  w.begin_object().field("raw", v.raw).field("html", v.html).field("updatedAt", v.created_at);
  write_author(w, v.author_name);
  w.end_object();
}

void write_comment_data(json::Writer& w, const EventRow& e) {
  w.begin_object().field("edited", e.versions.size() > 1).field("hidden", e.hidden);
  w.key("latest");
  if (e.hidden || e.versions.empty()) {
    // Hidden for good: nothing of what it said is left to show.
    w.begin_object().field("raw", "").field("html", "").field("updatedAt", e.created_at);
    write_author(w, e.author_name);
    w.end_object();
  } else {
    write_version(w, e.versions.back());
  }
  w.field("numEdits", static_cast<std::int64_t>(e.versions.empty() ? 0 : e.versions.size() - 1));
  // Earlier versions, the newest first (the latest is above).
  w.key("history").begin_array();
  for (std::size_t i = e.versions.size(); i-- > 1;)
    write_version(w, e.versions[i - 1]);
  w.end_array();
  w.key("reactions").begin_array();
  for (const auto& r : e.reactions) {
    w.begin_object().field("reaction", r.emoji).field("count", static_cast<std::int64_t>(r.users.size()));
    w.key("users").begin_array();
    for (const auto& u : r.users)
      w.value(u);
    w.end_array().end_object();
  }
  w.end_array().end_object();
}

}  // namespace

void write_thread_fields(json::Writer& w, const Place& place, const ThreadRow& t) {
  w.field("num", t.num).field("title", t.title).field("status", status_name(t.status));
  w.field("isPullRequest", t.is_pull_request).field("createdAt", t.created_at).field("updatedAt", t.updated_at);
  write_author(w, t.author_name);
  w.key("repo")
      .begin_object()
      .field("name", place.full_name())
      .field("type", domain::type_name(place.type))
      .end_object();
  w.field("pinned", t.pinned).field("locked", t.locked).field("numComments", t.comment_count);
}

void write_thread_urls(json::Writer& w, const Place& place, const ThreadRow& t) {
  w.key("url").begin_object().field("web", place.web_url(t.num)).field("api", place.api_url(t.num)).end_object();
}

void write_event(json::Writer& w, const EventRow& e) {
  w.begin_object().field("id", e.id).field("type", event_type_name(e.type)).field("createdAt", e.created_at);
  write_author(w, e.author_name);
  w.key("data");
  if (e.type == EventType::kComment) {
    write_comment_data(w, e);
  } else {
    auto data = json::parse_object(e.data);
    if (data) {
      w.raw_value(data.value());
    } else {
      w.begin_object().end_object();
    }
  }
  w.end_object();
}

std::string event_json(const EventRow& event) {
  json::Writer w;
  write_event(w, event);
  return w.str();
}

}  // namespace hub::discussions
