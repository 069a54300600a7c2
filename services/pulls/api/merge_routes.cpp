// Whether a pull request may merge, and merging it (README.md, "Pull requests and review"). The
// Hub's own merge call (huggingface_hub's merge_pull_request) sends {comment?} or nothing at all.
#include "common/http/handler_support.hpp"
#include "services/pulls/api/pull_json.hpp"
#include "services/pulls/api/request_parts.hpp"
#include "services/pulls/api/routes.hpp"
#include "services/pulls/app/merging.hpp"

namespace hub::pulls {
namespace {

struct Shared {
  service::Context& ctx;
  std::shared_ptr<Peers> peers;
};

http::Response check(const Shared& s, http::Request& req) {
  const domain::RepoPlace place = http::signed_repo_place(req, s.ctx.settings.public_url);
  const Mergeability m = mergeability(s.ctx, *s.peers, place, pull_number(req), req.ctx.request_id);
  json::Writer w;
  w.begin_object().field("mergeable", m.mergeable());
  w.key("base").begin_object().field("ref", m.base_ref);
  if (!m.base_sha.empty()) w.field("oid", m.base_sha);
  w.end_object();
  if (!m.head_sha.empty()) w.key("head").begin_object().field("oid", m.head_sha).end_object();
  w.field("fastForward", m.fast_forward).field("protected", m.rule.has_value());
  write_unmet(w, m.unmet);
  w.end_object();
  return http::Response::json(200, w.str());
}

MergeRequestBody read_body(const http::Request& req) {
  MergeRequestBody out;
  if (req.body.empty()) return out;
  auto body = http::json_body(req);
  out.strategy = std::string(json::get_optional_string(body, "strategy").or_throw().value_or("merge"));
  if (out.strategy != "merge" && out.strategy != "squash" && out.strategy != "fast-forward") {
    throw ApiError(ErrorCode::kBadRequest, "strategy is merge, squash or fast-forward");
  }
  out.comment = std::string(json::get_optional_string(body, "comment").or_throw().value_or(""));
  if (out.comment.size() > kMaxReviewBody) throw ApiError(ErrorCode::kBadRequest, "comment is at most 65536 bytes");
  return out;
}

http::Response merge(const Shared& s, http::Request& req) {
  const domain::RepoPlace place = http::signed_repo_place(req, s.ctx.settings.public_url);
  const MergeRequestBody body = read_body(req);
  auto outcome = merge_pull(s.ctx, *s.peers, place, pull_number(req), http::caller(req), body, req.ctx.request_id);
  json::Writer w;
  w.begin_object();
  if (const auto* refused = std::get_if<MergeRefused>(&outcome)) {
    w.field("error", refused->message);
    write_unmet(w, refused->unmet);
    w.end_object();
    http::Response res = http::Response::json(409, w.str());
    res.headers.set("X-Error-Code", "Conflict");
    res.headers.set("X-Error-Message", refused->message);
    return res;
  }
  w.field("merged", true).field("mergeCommitId", std::get<Merged>(outcome).merge_commit).end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_merge_routes(service::Context& ctx, http::RouteDispatcher& routes, std::shared_ptr<Peers> peers) {
  auto s = std::make_shared<Shared>(Shared{ctx, std::move(peers)});
  const std::string one = kPullPath;
  routes.add("GET", one + "/mergeability", [s](http::Request& r) { return check(*s, r); });
  routes.add("POST", one + "/merge", [s](http::Request& r) { return merge(*s, r); });
}

}  // namespace hub::pulls
