#include "services/notifications/api/webhook_json.hpp"

#include "services/notifications/domain/webhook_settings.hpp"

namespace hub::notifications {
namespace {

template <class T>
void optional_field(json::Writer& w, std::string_view key, const std::optional<T>& value) {
  if (value) w.field(key, *value);
}

// A JSON object stored as text (an attempt's headers), written as the object it is.
void write_stored_object(json::Writer& w, std::string_view key, const std::string& text) {
  w.key(key);
  auto doc = json::parse_object(text);
  if (doc) {
    w.raw_value(doc.value());
  } else {
    w.begin_object().end_object();
  }
}

}  // namespace

void write_webhook(json::Writer& w, const HookRow& hook, int configured_cap) {
  w.begin_object().field("id", hook.id).field("url", hook.url);
  w.key("watched").begin_array();
  for (const auto& item : hook.watched)
    w.begin_object().field("type", item.type).field("name", item.name).end_object();
  w.end_array();
  w.key("domains").begin_array();
  for (const auto& d : domains_from_json(hook.domains_json))
    w.value(d);
  w.end_array();
  w.field("disabled", hook.disabled);
  if (!hook.disabled_reason.empty()) w.field("disabledReason", hook.disabled_reason);
  w.field("hasSecret", hook.secret_sealed.has_value());
  w.field("dailyCap", hook.daily_cap.value_or(configured_cap));
  w.key("owner").begin_object().field("type", hook.owner.kind).field("name", hook.owner.name).end_object();
  w.field("createdAt", hook.created_at).field("updatedAt", hook.updated_at);
  w.end_object();
}

std::string webhook_answer(const HookRow& hook, int configured_cap) {
  json::Writer w;
  w.begin_object().key("webhook");
  write_webhook(w, hook, configured_cap);
  w.end_object();
  return w.str();
}

void write_delivery(json::Writer& w, const DeliveryRow& d, const std::vector<AttemptRow>& attempts) {
  w.begin_object().field("id", d.id);
  w.key("event").begin_object().field("type", d.event_type).field("id", d.event_id).end_object();
  w.field("scope", d.scope).field("action", d.action);
  if (d.repo_name)
    w.key("repo").begin_object().field("type", d.repo_type.value_or("model")).field("name", *d.repo_name).end_object();
  w.field("state", d.state);
  optional_field(w, "nextAttemptAt", d.next_attempt_at);
  optional_field(w, "deferredUntil", d.deferred_until);
  optional_field(w, "note", d.note);
  w.field("createdAt", d.created_at);
  // The body as sent (it never holds a secret); gone once a delivery was withheld.
  w.key("request").begin_object().field("body", d.payload).end_object();
  w.key("attempts").begin_array();
  for (const auto& a : attempts) {
    w.begin_object().field("attempt", a.attempt).field("startedAt", a.started_at).field("durationMs", a.duration_ms);
    w.key("request").begin_object();
    write_stored_object(w, "headers", a.request_headers);
    w.end_object();
    w.key("response");
    if (a.status) {
      w.begin_object().field("status", *a.status).field("body", a.response_head.value_or("")).end_object();
    } else {
      w.null();
    }
    optional_field(w, "error", a.error);
    w.field("refused", a.refused);
    optional_field(w, "address", a.address);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

std::string delivery_answer(const DeliveryRow& d, const std::vector<AttemptRow>& attempts) {
  json::Writer w;
  w.begin_object().key("delivery");
  write_delivery(w, d, attempts);
  w.end_object();
  return w.str();
}

}  // namespace hub::notifications
