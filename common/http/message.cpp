#include "common/http/message.hpp"

#include "common/http/url.hpp"
#include "common/util/strings.hpp"

namespace hub::http {

const std::string* Headers::find(std::string_view name) const {
  for (const auto& h : items_) {
    if (util::iequals(h.name, name)) return &h.value;
  }
  return nullptr;
}

std::string_view Headers::get(std::string_view name, std::string_view fallback) const {
  const std::string* v = find(name);
  return v ? std::string_view(*v) : fallback;
}

void Headers::set(std::string_view name, std::string_view value) {
  remove(name);
  add(name, value);
}

void Headers::set(std::string_view name, std::string&& value) {
  remove(name);
  add(name, std::move(value));
}

void Headers::add(std::string_view name, std::string_view value) {
  items_.push_back(Header{std::string(name), std::string(value)});
}

void Headers::add(std::string_view name, std::string&& value) {
  items_.push_back(Header{std::string(name), std::move(value)});
}

void Headers::remove(std::string_view name) {
  std::erase_if(items_, [&](const Header& h) { return util::iequals(h.name, name); });
}

std::string_view route_class_name(RouteClass c) {
  switch (c) {
    case RouteClass::kApi:
      return "api";
    case RouteClass::kTransfer:
      return "transfer";
    case RouteClass::kStream:
      return "stream";
  }
  return "api";
}

std::string_view Request::param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (auto& [k, v] : parse_query(query)) {
    if (k == name) return std::move(v);
  }
  return std::nullopt;
}

std::vector<std::string> Request::query_params(std::string_view name) const {
  std::vector<std::string> out;
  for (auto& [k, v] : parse_query(query)) {
    if (k == name) out.push_back(std::move(v));
  }
  return out;
}

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

Response Response::text(int status, std::string body, std::string_view content_type) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", content_type);
  r.body = std::move(body);
  return r;
}

Response Response::empty(int status) {
  Response r;
  r.status = status;
  return r;
}

}  // namespace hub::http
