#include "services/notifications/domain/webhook_payload.hpp"

#include <map>

#include "common/domain/repo_type.hpp"
#include "common/json/json.hpp"
#include "common/util/strings.hpp"

namespace hub::notifications {
namespace {

// Which scope and action each event type becomes (docs/webhooks.md has the same table).
const std::map<std::string, WebhookEvent, std::less<>>& mapping() {
  static const std::map<std::string, WebhookEvent, std::less<>> table = {
      {"repo.created", {"repo", "create"}},
      {"repo.deleted", {"repo", "delete"}},
      {"repo.moved", {"repo", "move"}},
      {"repo.config", {"repo.config", "update"}},
      {"repo.content", {"repo.content", "update"}},
      {"repo.status", {"status", "create"}},
      {"discussion.created", {"discussion", "create"}},
      {"discussion.updated", {"discussion", "update"}},
      {"discussion.comment.created", {"discussion.comment", "create"}},
      {"discussion.comment.updated", {"discussion.comment", "update"}},
      {"pull.review.submitted", {"pull_request.review", "create"}},
      {"pull.review_comment.created", {"pull_request.review", "create"}},
      {"pull.review.requested", {"pull_request.review", "update"}},
      {"bug.created", {"bug", "create"}},
      {"bug.updated", {"bug", "update"}},
      {"bug.comment.created", {"bug.comment", "create"}},
      {"bug.label", {"bug.label", "update"}},  // the action is the event's own (webhook_event_of)
      {"bug.template.updated", {"bug.template", "update"}},
  };
  return table;
}

std::string string_of(const json::Value& object, std::string_view key) {
  const json::Value* v = json::find(object, key);
  return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
}

// Copies `key` from `from` when it is there (and not null).
void copy(json::Writer& w, const json::Value& from, std::string_view key) {
  if (const json::Value* v = json::find(from, key)) w.key(key).raw_value(*v);
}

struct Person {
  std::string id;  // "" when the event does not know it
  std::string name;
};
Person person_of(const json::Value* object) {
  return object == nullptr ? Person{} : Person{string_of(*object, "id"), string_of(*object, "name")};
}
Person actor_of(const events::Envelope& e) {
  return e.actor ? Person{e.actor->id, e.actor->name} : Person{};
}

// {id, name}: the Hub's ObjectId, with the name our events carry as well.
void write_person(json::Writer& w, std::string_view key, const Person& p) {
  w.key(key).begin_object().field("id", p.id);
  if (!p.name.empty()) w.field("name", p.name);
  w.end_object();
}

void write_url(json::Writer& w, const json::Value* url) {
  w.key("url").begin_object();
  w.field("web", url != nullptr ? string_of(*url, "web") : std::string());
  if (url != nullptr && json::find(*url, "api") != nullptr) w.field("api", string_of(*url, "api"));
  w.end_object();
}

struct RepoUrls {
  std::string web;
  std::string api;
};
RepoUrls repo_urls(const std::string& public_url, const std::string& type, const std::string& name) {
  const auto t = domain::parse_repo_type(type).value_or(domain::RepoType::kModel);
  return {public_url + "/" + std::string(domain::web_prefix(t)) + name,
          public_url + "/api/" + std::string(domain::plural(t)) + "/" + name};
}

// The head of main after a repo.content event, when main moved to a commit.
std::string main_head(const json::Value& data) {
  const json::Value* refs = json::find(data, "updatedRefs");
  if (refs == nullptr || !refs->IsArray()) return {};
  for (const auto& u : refs->GetArray()) {
    if (string_of(u, "ref") == "refs/heads/main") return string_of(u, "newSha");
  }
  return {};
}

void write_repo(json::Writer& w, const events::Envelope& e, const json::Value& data, const PayloadFacts& facts) {
  // A moved repo is shown where it was, with movedTo saying where it went.
  std::string name = e.repo->name;
  if (e.type == "repo.moved" && !string_of(data, "movedFrom").empty()) name = string_of(data, "movedFrom");
  const RepoUrls urls = repo_urls(facts.public_url, e.repo->type, name);
  w.key("repo").begin_object().field("type", e.repo->type).field("name", name).field("id", e.repo->id);
  w.field("private", facts.repo_private);
  w.key("url").begin_object().field("web", urls.web).field("api", urls.api).end_object();
  w.key("owner").begin_object().field("id", facts.owner_id).end_object();
  if (e.type == "repo.content") {
    if (auto head = main_head(data); !head.empty()) w.field("headSha", head);
  }
  w.end_object();
}

void write_discussion(json::Writer& w, const json::Value& d, const json::Value& data) {
  w.key("discussion").begin_object();
  w.field("id", string_of(d, "id"));
  copy(w, d, "num");
  w.field("title", string_of(d, "title")).field("status", string_of(d, "status"));
  copy(w, d, "isPullRequest");
  write_person(w, "author", person_of(json::find(d, "author")));
  write_url(w, json::find(d, "url"));
  copy(w, d, "changes");
  if (const json::Value* updated = json::find(data, "updated")) copy(w, *updated, "pinned");
  w.end_object();
}

void write_comment(json::Writer& w, const json::Value& c) {
  w.key("comment").begin_object().field("id", string_of(c, "id"));
  write_person(w, "author", person_of(json::find(c, "author")));
  const json::Value* hidden = json::find(c, "hidden");
  const bool is_hidden = hidden != nullptr && hidden->IsBool() && hidden->GetBool();
  w.field("hidden", is_hidden);
  // A hidden comment's content is gone for good, from every payload too.
  if (!is_hidden) copy(w, c, "content");
  write_url(w, json::find(c, "url"));
  w.end_object();
}

// Our scope pull_request.review: the pull request as pulls' events name it, and what happened.
void write_review_parts(json::Writer& w, const events::Envelope& e, const json::Value& data) {
  if (const json::Value* pull = json::find(data, "pullRequest")) {
    w.key("pullRequest").begin_object().field("id", string_of(*pull, "id"));
    copy(w, *pull, "num");
    write_person(w, "author", person_of(json::find(*pull, "author")));
    write_url(w, json::find(*pull, "url"));
    w.field("base", string_of(*pull, "base")).end_object();
  }
  if (e.type == "pull.review.submitted") {
    if (const json::Value* review = json::find(data, "review")) {
      w.key("review").begin_object().field("id", string_of(*review, "id"));
      write_person(w, "author", actor_of(e));
      w.field("state", string_of(*review, "state")).field("commit", string_of(*review, "commit"));
      copy(w, *review, "body");
      copy(w, *review, "comments");
      w.end_object();
    }
  } else if (e.type == "pull.review_comment.created") {
    if (const json::Value* c = json::find(data, "comment")) {
      w.key("comment").begin_object().field("id", string_of(*c, "id"));
      write_person(w, "author", actor_of(e));
      w.field("hidden", false);
      copy(w, *c, "content");
      w.field("path", string_of(*c, "path")).field("replyTo", string_of(*c, "replyTo")).end_object();
    }
  } else if (e.type == "pull.review.requested") {
    // Names only: which of a group's members may read the repo is not the receiver's to learn.
    w.key("reviewRequest").begin_object().key("users").begin_array();
    const json::Value* reviewers = json::find(data, "reviewers");
    const json::Value* users = reviewers != nullptr ? json::find(*reviewers, "users") : nullptr;
    if (users != nullptr && users->IsArray()) {
      for (const auto& u : users->GetArray())
        if (u.IsString()) w.value(std::string_view(u.GetString(), u.GetStringLength()));
    }
    w.end_array().key("groups").begin_array();
    const json::Value* groups = reviewers != nullptr ? json::find(*reviewers, "groups") : nullptr;
    if (groups != nullptr && groups->IsArray()) {
      for (const auto& g : groups->GetArray())
        w.value(string_of(g, "name"));
    }
    w.end_array().end_object();
  }
}

// Our scope bug (and bug.comment, bug.label, bug.template): the report as bugs' events carry it,
// with what changed; a label with how many reports a deletion touched; the new template.
void write_bug_parts(json::Writer& w, const events::Envelope& e, const json::Value& data) {
  if (const json::Value* bug = json::find(data, "bug"); bug != nullptr && bug->IsObject()) {
    w.key("bug").begin_object();
    for (const auto& m : bug->GetObject())
      w.key(std::string_view(m.name.GetString(), m.name.GetStringLength())).raw_value(m.value);
    if (const json::Value* updated = json::find(data, "updated")) w.key("changes").raw_value(*updated);
    w.end_object();
  }
  if (const json::Value* c = json::find(data, "comment")) write_comment(w, *c);
  if (e.type == "bug.label") {
    w.key("label").begin_object();
    if (const json::Value* label = json::find(data, "label"); label != nullptr && label->IsObject()) {
      for (const auto& m : label->GetObject())
        w.key(std::string_view(m.name.GetString(), m.name.GetStringLength())).raw_value(m.value);
    }
    copy(w, data, "oldName");
    copy(w, data, "reports");
    w.end_object();
  } else if (e.type == "bug.template.updated") {
    if (const json::Value* t = json::find(data, "template")) w.key("template").raw_value(*t);
  }
}

// bug.label's action is in its data: created, updated or deleted.
std::string label_action(const events::Envelope& e) {
  auto data = json::parse_object(e.data);
  const std::string action = data ? string_of(data.value(), "action") : std::string();
  if (action == "created") return "create";
  if (action == "deleted") return "delete";
  return "update";
}

}  // namespace

std::optional<WebhookEvent> webhook_event_of(const events::Envelope& event) {
  if (!event.repo) return std::nullopt;
  const auto& table = mapping();
  auto it = table.find(event.type);
  if (it == table.end()) return std::nullopt;
  WebhookEvent what = it->second;
  if (event.type == "bug.label") what.action = label_action(event);
  return what;
}

std::vector<std::string> watching_namespaces(const events::Envelope& e) {
  std::vector<std::string> out;
  if (!e.repo) return out;
  auto namespace_of = [](std::string_view full_name) {
    return util::to_lower(full_name.substr(0, full_name.find('/')));
  };
  out.push_back(namespace_of(e.repo->name));
  if (e.type == "repo.moved") {
    if (auto data = json::parse_object(e.data, json::ParseLimits{16 << 20, 128})) {
      if (auto from = string_of(data.value(), "movedFrom"); !from.empty() && namespace_of(from) != out.front()) {
        out.push_back(namespace_of(from));
      }
    }
  }
  return out;
}

std::string build_payload(const events::Envelope& e, const WebhookEvent& what, const PayloadFacts& facts) {
  auto parsed = json::parse_object(e.data, json::ParseLimits{16 << 20, 128});
  json::Document empty;
  empty.SetObject();
  const json::Value& data = parsed ? parsed.value() : empty;
  json::Writer w;
  w.begin_object();
  w.key("event").begin_object().field("action", what.action).field("scope", what.scope).end_object();
  write_repo(w, e, data, facts);
  if (e.type.starts_with("discussion.")) {
    if (const json::Value* d = json::find(data, "discussion")) write_discussion(w, *d, data);
    if (const json::Value* c = json::find(data, "comment")) write_comment(w, *c);
  } else if (e.type.starts_with("pull.")) {
    write_review_parts(w, e, data);
  } else if (e.type.starts_with("bug.")) {
    write_bug_parts(w, e, data);
  } else if (e.type == "repo.content") {
    copy(w, data, "updatedRefs");
  } else if (e.type == "repo.config") {
    copy(w, data, "updatedConfig");
  } else if (e.type == "repo.moved") {
    w.key("movedTo").begin_object().field("name", e.repo->name);
    w.key("owner").begin_object().field("id", facts.moved_to_owner_id).end_object().end_object();
  } else if (e.type == "repo.status") {
    w.key("status").begin_object();
    w.field("sha", string_of(data, "sha")).field("context", string_of(data, "context"));
    w.field("state", string_of(data, "state")).end_object();
  }
  w.key("webhook").begin_object().field("id", facts.webhook_id).field("version", 3).end_object();
  w.end_object();
  return w.str();
}

std::string build_ping(std::string_view webhook_id) {
  json::Writer w;
  w.begin_object();
  w.key("event").begin_object().field("action", "ping").field("scope", "webhook").end_object();
  w.key("webhook").begin_object().field("id", webhook_id).field("version", 3).end_object();
  w.field("message", "A test delivery: this receiver is reachable and can check the signatures.");
  w.end_object();
  return w.str();
}

}  // namespace hub::notifications
