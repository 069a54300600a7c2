// A repo's bug labels (list, create, rename and recolour, delete) and its bug template (read,
// replace): docs/bugs.md.
#include <memory>

#include "common/http/handler_support.hpp"
#include "services/bugs/api/report_json.hpp"
#include "services/bugs/api/request_parts.hpp"
#include "services/bugs/api/routes.hpp"
#include "services/bugs/app/labels.hpp"

namespace hub::bugs {
namespace {

using http::caller;

http::Response label_answer(int status, const LabelRow& label) {
  json::Writer w;
  write_label(w, label, false);
  return http::Response::json(status, w.str());
}

http::Response template_answer(const BugTemplate& tmpl) {
  json::Writer w;
  write_template(w, tmpl);
  return http::Response::json(200, w.str());
}

}  // namespace

void install_label_routes(service::Context& ctx, http::RouteDispatcher& routes) {
  const std::string repo = "/api/{type:models|datasets|spaces}/{namespace}/{name}";
  auto place = [&ctx](const http::Request& req) { return http::signed_repo_place(req, ctx.settings.public_url); };
  routes.add("GET", repo + "/labels", [&ctx, place](http::Request& r) {
    json::Writer w;
    w.begin_object().key("labels").begin_array();
    for (const auto& l : repo_labels(ctx, place(r)))
      write_label(w, l, true);
    w.end_array().end_object();
    return http::Response::json(200, w.str());
  });
  routes.add("POST", repo + "/labels", [&ctx, place](http::Request& r) {
    const Place p = place(r);
    const auto body = http::json_body(r);
    return label_answer(201, create_label(ctx, p, caller(r), new_label(body)));
  });
  routes.add("PATCH", repo + "/labels/{label}", [&ctx, place](http::Request& r) {
    const Place p = place(r);
    const auto body = http::json_body(r);
    return label_answer(200, change_label(ctx, p, caller(r), std::string(r.param("label")), label_change(body)));
  });
  routes.add("DELETE", repo + "/labels/{label}", [&ctx, place](http::Request& r) {
    delete_label(ctx, place(r), caller(r), std::string(r.param("label")));
    return http::Response::empty(204);
  });
  routes.add("GET", repo + "/settings/bug-template",
             [&ctx, place](http::Request& r) { return template_answer(bug_template(ctx, place(r))); });
  routes.add("PUT", repo + "/settings/bug-template", [&ctx, place](http::Request& r) {
    const Place p = place(r);
    const auto body = http::json_body(r);
    return template_answer(replace_template(ctx, p, caller(r), template_of(body)));
  });
}

}  // namespace hub::bugs
