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

}  // namespace

std::string data_of(const RepoCreated& e) {
  json::Writer w;
  w.begin_object();
  write_registry(w, e.is_private, e.creator_id);
  w.end_object();
  return w.str();
}

std::string data_of(const RepoUpdated& e) {
  json::Writer w;
  w.begin_object();
  write_registry(w, e.is_private, e.creator_id);
  if (e.audit) write_audit(w, *e.audit);
  w.end_object();
  return w.str();
}

std::string data_of(const RepoMoved& e) {
  json::Writer w;
  w.begin_object();
  write_registry(w, e.is_private, e.creator_id);
  w.field("movedFrom", e.moved_from);
  write_audit(w, e.audit);
  w.end_object();
  return w.str();
}

std::string data_of(const RepoDeleted& e) {
  json::Writer w;
  w.begin_object();
  write_audit(w, e.audit);
  w.end_object();
  return w.str();
}

std::string data_of(const RepoContent& e) {
  json::Writer w;
  w.begin_object().key("updatedRefs").begin_array();
  for (const auto& u : e.updated_refs) {
    w.begin_object().field("ref", u.ref);
    w.key("oldSha");
    u.old_sha.empty() ? w.null() : w.value(u.old_sha);
    w.key("newSha");
    u.new_sha.empty() ? w.null() : w.value(u.new_sha);
    w.end_object();
  }
  w.end_array().end_object();
  return w.str();
}

std::string data_of(const RepoConfigChanged& e) {
  json::Writer w;
  w.begin_object().key("updatedConfig").begin_object();
  if (e.is_private) w.field("private", *e.is_private);
  if (e.gated) write_gate(w, *e.gated);
  if (e.protection_json) write_raw_object(w, "protection", *e.protection_json);
  w.end_object();
  if (e.audit) write_audit(w, *e.audit);
  w.end_object();
  return w.str();
}

std::string data_of(const RepoAccessRequest& e) {
  json::Writer w;
  w.begin_object().field("user", e.user).field("userId", e.user_id).field("status", e.status);
  write_audit(w, e.audit);
  w.end_object();
  return w.str();
}

std::string data_of(const RepoStatus& e) {
  json::Writer w;
  w.begin_object().field("sha", e.sha).field("context", e.context).field("state", e.state).end_object();
  return w.str();
}

}  // namespace hub::events
