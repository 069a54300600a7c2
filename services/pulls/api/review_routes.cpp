// Reviews of a pull request (README.md, "Pull requests and review"): give one (a verdict with line,
// multi-line and tensor comments), read them all with where each comment stands now, reply in a
// comment's thread, resolve it, and ask people and teams for reviews.
#include "common/http/handler_support.hpp"
#include "services/pulls/api/pull_json.hpp"
#include "services/pulls/api/request_parts.hpp"
#include "services/pulls/api/routes.hpp"
#include "services/pulls/app/reviews.hpp"

namespace hub::pulls {
namespace {

struct Shared {
  service::Context& ctx;
  std::shared_ptr<Peers> peers;
};

std::optional<int> line_field(const json::Value& c, std::string_view key) {
  auto v = json::get_optional_int(c, key).or_throw();
  if (!v) return std::nullopt;
  if (*v < 1 || *v > 10'000'000) throw ApiError(ErrorCode::kBadRequest, std::string(key) + " is a line number");
  return static_cast<int>(*v);
}

NewComment read_comment(const json::Value& c) {
  if (!c.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each comment is {path, line, startLine?, side, body}");
  NewComment out;
  out.path = std::string(json::get_string(c, "path").or_throw());
  if (out.path.empty() || out.path.size() > 1000) throw ApiError(ErrorCode::kBadRequest, "path names a file");
  auto side = parse_side(json::get_optional_string(c, "side").or_throw().value_or("new"));
  if (!side) throw ApiError(ErrorCode::kBadRequest, "side is new or old");
  out.side = *side;
  out.tensor = std::string(json::get_optional_string(c, "tensor").or_throw().value_or(""));
  out.line = line_field(c, "line");
  out.start_line = line_field(c, "startLine");
  if (out.tensor.empty() == !out.line.has_value()) {
    throw ApiError(ErrorCode::kBadRequest, "a comment is on a line (line, startLine?) or on a tensor (tensor)");
  }
  if (out.start_line && (*out.start_line > *out.line || *out.line - *out.start_line >= kMaxCommentSpan)) {
    throw ApiError(ErrorCode::kBadRequest, "startLine is at most line, and spans at most 500 lines");
  }
  if (out.tensor.size() > 1000) throw ApiError(ErrorCode::kBadRequest, "tensor is a tensor's name");
  out.body = checked_body(json::get_string(c, "body").or_throw()).or_throw();
  return out;
}

http::Response submit(const Shared& s, http::Request& req) {
  const domain::RepoPlace place = http::signed_repo_place(req, s.ctx.settings.public_url);
  const std::int64_t num = pull_number(req);
  auto body = http::json_body(req);
  NewReview review;
  auto verdict = parse_verdict(json::get_string(body, "state").or_throw());
  if (!verdict) throw ApiError(ErrorCode::kBadRequest, "state is approve, request_changes or comment");
  review.verdict = *verdict;
  if (auto text = json::get_optional_string(body, "body").or_throw(); text && !text->empty()) {
    review.body = checked_body(*text).or_throw();
  }
  if (const json::Value* comments = json::find(body, "comments")) {
    if (!comments->IsArray()) throw ApiError(ErrorCode::kBadRequest, "comments is an array");
    if (comments->Size() > kMaxCommentsPerReview) throw ApiError(ErrorCode::kBadRequest, "at most 100 comments");
    for (const auto& c : comments->GetArray())
      review.comments.push_back(read_comment(c));
  }
  const SubmittedReview done =
      submit_review(s.ctx, *s.peers, place, num, http::caller(req), review, req.ctx.request_id);
  json::Writer w;
  w.begin_object().key("review");
  write_review(w, done.review, false);
  w.key("comments").begin_array();
  for (const auto& c : done.comments)
    write_comment(w, c, nullptr);
  w.end_array().end_object();
  return http::Response::json(201, w.str());
}

http::Response list(const Shared& s, http::Request& req) {
  const domain::RepoPlace place = http::signed_repo_place(req, s.ctx.settings.public_url);
  const ReviewState state = review_state(s.ctx, *s.peers, place, pull_number(req), req.ctx.request_id);
  json::Writer w;
  w.begin_object();
  if (!state.head_sha.empty()) w.field("headOid", state.head_sha);
  w.key("reviews").begin_array();
  for (const auto& r : state.reviews)
    write_review(w, r, std::find(state.dismissed.begin(), state.dismissed.end(), r.id) != state.dismissed.end());
  w.end_array().key("comments").begin_array();
  for (const auto& placed : state.comments)
    write_comment(w, placed.comment, &placed);
  w.end_array();
  write_requests(w, state.requests);
  w.end_object();
  return http::Response::json(200, w.str());
}

http::Response reply(const Shared& s, http::Request& req) {
  const domain::RepoPlace place = http::signed_repo_place(req, s.ctx.settings.public_url);
  auto body = http::json_body(req);
  const std::string text = checked_body(json::get_string(body, "body").or_throw()).or_throw();
  const CommentRow c = reply_to_comment(s.ctx, *s.peers, place, pull_number(req), http::caller(req),
                                        std::string(req.param("id")), text, req.ctx.request_id);
  json::Writer w;
  write_comment(w, c, nullptr);
  return http::Response::json(201, w.str());
}

http::Response resolve(const Shared& s, http::Request& req, bool resolved) {
  const domain::RepoPlace place = http::signed_repo_place(req, s.ctx.settings.public_url);
  const CommentRow c = resolve_comment(s.ctx, *s.peers, place, pull_number(req), http::caller(req),
                                       std::string(req.param("id")), resolved, req.ctx.request_id);
  json::Writer w;
  write_comment(w, c, nullptr);
  return http::Response::json(200, w.str());
}

std::vector<std::string> names(const json::Value& body, std::string_view key) {
  std::vector<std::string> out;
  const json::Value* list = json::find(body, key);
  if (list == nullptr) return out;
  if (!list->IsArray()) throw ApiError(ErrorCode::kBadRequest, std::string(key) + " is an array of names");
  for (const auto& v : list->GetArray()) {
    if (!v.IsString() || v.GetStringLength() == 0 || v.GetStringLength() > 200) {
      throw ApiError(ErrorCode::kBadRequest, std::string(key) + " is an array of names");
    }
    out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

http::Response request(const Shared& s, http::Request& req) {
  const domain::RepoPlace place = http::signed_repo_place(req, s.ctx.settings.public_url);
  auto body = http::json_body(req);
  ReviewerNames who{names(body, "users"), names(body, "teams")};
  for (const auto& t : who.groups)
    if (t.find('/') == std::string::npos) throw ApiError(ErrorCode::kBadRequest, "a team is org/group");
  if (who.users.empty() && who.groups.empty()) throw ApiError(ErrorCode::kBadRequest, "name users or teams");
  const auto requests =
      request_reviews(s.ctx, *s.peers, place, pull_number(req), http::caller(req), who, req.ctx.request_id);
  json::Writer w;
  w.begin_object();
  write_requests(w, requests);
  w.end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_review_routes(service::Context& ctx, http::RouteDispatcher& routes, std::shared_ptr<Peers> peers) {
  auto s = std::make_shared<Shared>(Shared{ctx, std::move(peers)});
  const std::string one = kPullPath;
  routes.add("GET", one + "/reviews", [s](http::Request& r) { return list(*s, r); });
  routes.add("POST", one + "/reviews", [s](http::Request& r) { return submit(*s, r); });
  routes.add("POST", one + "/reviews/comments/{id}/replies", [s](http::Request& r) { return reply(*s, r); });
  routes.add("POST", one + "/reviews/comments/{id}/resolve", [s](http::Request& r) { return resolve(*s, r, true); });
  routes.add("POST", one + "/reviews/comments/{id}/unresolve", [s](http::Request& r) { return resolve(*s, r, false); });
  routes.add("POST", one + "/reviewers", [s](http::Request& r) { return request(*s, r); });
}

}  // namespace hub::pulls
