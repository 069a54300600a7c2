#include "services/bugs/api/request_parts.hpp"

#include <algorithm>

#include "common/error/api_error.hpp"
#include "common/util/strings.hpp"
#include "services/bugs/domain/label.hpp"

namespace hub::bugs {
namespace {

std::string text(const json::Value& body, std::string_view key) {
  return std::string(json::get_string(body, key).or_throw());
}

std::optional<std::string> optional_text(const json::Value& body, std::string_view key) {
  auto v = json::get_optional_string(body, key).or_throw();
  if (!v) return std::nullopt;
  return std::string(*v);
}

// A field that may be null to clear it: nullopt when absent, "" when null.
std::optional<std::string> clearable_text(const json::Value& body, std::string_view key) {
  if (!body.HasMember(std::string(key).c_str())) return std::nullopt;
  if (body[std::string(key).c_str()].IsNull()) return std::string();
  return optional_text(body, key);
}

std::optional<std::vector<std::string>> optional_strings(const json::Value& body, std::string_view key,
                                                         std::size_t max) {
  const json::Value* list = json::find(body, key);
  if (list == nullptr) return std::nullopt;
  if (!list->IsArray() || list->Size() > max) {
    throw ApiError(ErrorCode::kBadRequest,
                   std::string(key) + " is a list of at most " + std::to_string(max) + " names");
  }
  std::vector<std::string> out;
  for (const auto& v : list->GetArray()) {
    if (!v.IsString()) throw ApiError(ErrorCode::kBadRequest, std::string(key) + " is a list of names");
    std::string name(util::trim(std::string_view(v.GetString(), v.GetStringLength())));
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  }
  return out;
}

std::optional<std::vector<std::string>> label_names(const json::Value& body) {
  auto names = optional_strings(body, "labels", kMaxLabelsPerReport);
  if (names) {
    for (auto& n : *names)
      n = checked_label_name(n).or_throw();
  }
  return names;
}

std::optional<std::vector<std::string>> assignee_names(const json::Value& body) {
  auto names = optional_strings(body, "assignees", kMaxAssignees);
  if (names) {
    for (const auto& n : *names)
      if (n.empty() || n.size() > 100) throw ApiError(ErrorCode::kBadRequest, "assignees are user names");
  }
  return names;
}

std::optional<Severity> severity_of(const json::Value& body) {
  auto word = optional_text(body, "severity");
  if (!word) return std::nullopt;
  return checked_severity(*word).or_throw();
}

Environment environment_of(const json::Value& e) {
  if (!e.IsObject()) throw ApiError(ErrorCode::kBadRequest, "environment is an object");
  Environment env;
  struct Field {
    std::string_view key;
    std::string& into;
  };
  for (const Field& f :
       {Field{"library", env.library}, Field{"libraryVersion", env.library_version}, Field{"hardware", env.hardware}}) {
    auto v = optional_text(e, f.key);
    if (v) f.into = checked_environment_field("environment." + std::string(f.key), *v, kMaxEnvironmentChars).or_throw();
  }
  if (auto r = optional_text(e, "reproduction")) env.reproduction = checked_reproduction(*r).or_throw();
  return env;
}

}  // namespace

std::int64_t report_number(const http::Request& req) {
  const auto num = util::parse_int(req.param("num"));
  if (!num || *num <= 0) throw ApiError(ErrorCode::kNotFound, "no such bug report in this repo");
  return *num;
}

NewReport new_report(const json::Value& body) {
  NewReport r;
  r.title = checked_title(text(body, "title")).or_throw();
  if (auto b = optional_text(body, "body")) r.body = checked_body(*b).or_throw();
  r.severity = severity_of(body);
  r.labels = label_names(body);
  r.assignees = assignee_names(body).value_or(std::vector<std::string>{});
  r.affected_revision = optional_text(body, "affectedRevision").value_or("");
  if (const json::Value* e = json::find(body, "environment")) r.environment = environment_of(*e);
  return r;
}

ReportChange report_change(const json::Value& body) {
  ReportChange c;
  if (auto t = optional_text(body, "title")) c.title = checked_title(*t).or_throw();
  if (auto b = optional_text(body, "body")) c.body = checked_body(*b).or_throw();
  if (const json::Value* e = json::find(body, "environment")) c.environment = environment_of(*e);
  c.affected_revision = clearable_text(body, "affectedRevision");
  c.severity = severity_of(body);
  c.labels = label_names(body);
  c.assignees = assignee_names(body);
  if (auto s = optional_text(body, "status")) {
    auto status = parse_status(*s);
    if (!status) {
      throw ApiError(ErrorCode::kBadRequest,
                     "status is open, triaged, in_progress, resolved, closed, wontfix or duplicate");
    }
    c.status = *status;
  }
  if (auto d = json::get_optional_int(body, "duplicateOf").or_throw()) {
    if (*d <= 0) throw ApiError(ErrorCode::kBadRequest, "duplicateOf is the number of a bug report of this repo");
    c.duplicate_of = *d;
  }
  c.fixed_in = clearable_text(body, "fixedIn");
  return c;
}

LabelRow new_label(const json::Value& body) {
  LabelRow l;
  l.name = checked_label_name(text(body, "name")).or_throw();
  l.color = checked_label_color(optional_text(body, "color").value_or(std::string(kDefaultLabelColor))).or_throw();
  l.description = checked_label_description(optional_text(body, "description").value_or("")).or_throw();
  return l;
}

LabelChange label_change(const json::Value& body) {
  LabelChange c;
  if (auto n = optional_text(body, "name")) c.name = checked_label_name(*n).or_throw();
  if (auto n = optional_text(body, "color")) c.color = checked_label_color(*n).or_throw();
  if (auto n = optional_text(body, "description")) c.description = checked_label_description(*n).or_throw();
  return c;
}

BugTemplate template_of(const json::Value& body) {
  BugTemplate t;
  t.is_default = false;
  t.title = checked_template_title(optional_text(body, "title").value_or("")).or_throw();
  t.body = checked_body(text(body, "body")).or_throw();
  t.severity = severity_of(body).value_or(Severity::kMedium);
  t.labels = label_names(body).value_or(std::vector<std::string>{});
  return t;
}

}  // namespace hub::bugs
