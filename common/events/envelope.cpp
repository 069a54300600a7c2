#include "common/events/envelope.hpp"

#include <chrono>
#include <ctime>

#include "common/util/uuid.hpp"

namespace hub::events {

std::string now_rfc3339() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

Envelope Envelope::make(std::string type, std::string data_json) {
  Envelope e;
  e.id = util::uuid4();
  e.type = std::move(type);
  e.occurred_at = now_rfc3339();
  e.data = std::move(data_json);
  return e;
}

std::string Envelope::to_json() const {
  // `data` is already JSON; it is spliced in after being parsed once (parse_envelope and the
  // outbox both require an object), so the result is always valid JSON.
  json::Writer w;
  w.begin_object().field("id", id).field("type", type).field("occurredAt", occurred_at);
  w.key("actor");
  if (actor) {
    w.begin_object().field("id", actor->id).field("name", actor->name).end_object();
  } else {
    w.null();
  }
  w.key("repo");
  if (repo) {
    w.begin_object().field("id", repo->id).field("type", repo->type).field("name", repo->name).end_object();
  } else {
    w.null();
  }
  w.key("data");
  auto parsed = json::parse(data, json::ParseLimits{16 << 20, 128});
  if (parsed && parsed.value().IsObject()) {
    w.raw_value(parsed.value());
  } else {
    w.begin_object().end_object();
  }
  w.end_object();
  return w.str();
}

Result<Envelope> parse_envelope(std::string_view text) {
  auto doc = json::parse_object(text, json::ParseLimits{16 << 20, 128});
  if (!doc) return Failure{doc.error()};
  const auto& v = doc.value();
  Envelope e;
  auto id = json::get_string(v, "id");
  if (!id) return Failure{id.error()};
  if (!util::is_uuid(id.value())) return fail("event id must be a UUID");
  e.id = std::string(id.value());
  auto type = json::get_string(v, "type");
  if (!type || type.value().empty()) return fail("event type is required");
  e.type = std::string(type.value());
  auto at = json::get_string(v, "occurredAt");
  if (!at) return Failure{at.error()};
  e.occurred_at = std::string(at.value());
  if (const auto* a = json::find(v, "actor")) {
    if (!a->IsObject()) return fail("actor must be an object");
    auto aid = json::get_string(*a, "id");
    auto aname = json::get_optional_string(*a, "name");
    if (!aid || !aname) return fail("actor needs an id");
    e.actor = Actor{std::string(aid.value()), std::string(aname.value().value_or(""))};
  }
  if (const auto* r = json::find(v, "repo")) {
    if (!r->IsObject()) return fail("repo must be an object");
    auto rid = json::get_string(*r, "id");
    auto rtype = json::get_string(*r, "type");
    auto rname = json::get_string(*r, "name");
    if (!rid || !rtype || !rname) return fail("repo needs id, type and name");
    e.repo = RepoRef{std::string(rid.value()), std::string(rtype.value()), std::string(rname.value())};
  }
  if (const auto* d = json::find(v, "data")) {
    if (!d->IsObject()) return fail("data must be an object");
    json::Writer w;
    w.raw_value(*d);
    e.data = w.str();
  }
  return e;
}

}  // namespace hub::events
