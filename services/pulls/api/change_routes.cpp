// A pull request's changes (README.md, "Pull requests and review"): the files changed, paged with
// a Link cursor, and one file's unified diff, paged by line. The model-aware diff rides on the
// first page of files.
#include "common/http/cursor.hpp"
#include "common/http/handler_support.hpp"
#include "common/http/paging.hpp"
#include "common/http/url.hpp"
#include "services/pulls/api/model_diff_json.hpp"
#include "services/pulls/api/request_parts.hpp"
#include "services/pulls/api/routes.hpp"
#include "services/pulls/app/files.hpp"

namespace hub::pulls {
namespace {

struct Shared {
  service::Context& ctx;
  std::shared_ptr<Peers> peers;
  http::CursorSealer sealer;
};

// Files per page: the default, and the most a page holds.
constexpr std::int64_t kFilesPage = 100;
constexpr std::int64_t kMaxFilesPage = 1000;
constexpr std::int64_t kDiffLines = 1000;
constexpr std::int64_t kMaxDiffLines = 5000;

http::Response files(const Shared& s, http::Request& req) {
  const domain::RepoPlace place = http::signed_repo_place(req, s.ctx.settings.public_url);
  const std::int64_t num = pull_number(req);
  const std::int64_t limit = bounded_query(req, "limit", kFilesPage, 1, kMaxFilesPage);
  const std::string scope = "pull-files:" + place.repo_id + ":" + std::to_string(num);
  std::string after;
  if (auto cursor = req.query_param("cursor")) {
    auto position = s.sealer.open(scope, *cursor);
    if (!position) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
    after = *position;
  }
  const Changes c = changed_files_page(s.ctx, *s.peers, place, num, limit, after, req.ctx.request_id);
  const json::Value& a = c.answer;
  json::Writer w;
  w.begin_object();
  w.key("base")
      .begin_object()
      .field("ref", c.pull.base_ref)
      .field("oid", json::get_string(a, "base").or_throw(ErrorCode::kBadGateway))
      .end_object();
  w.key("head")
      .begin_object()
      .field("ref", "refs/pr/" + std::to_string(num))
      .field("oid", json::get_string(a, "head").or_throw(ErrorCode::kBadGateway))
      .end_object();
  if (const json::Value* mb = json::find(a, "mergeBase")) w.key("mergeBase").raw_value(*mb);
  w.key("files").raw_value(*json::get_array(a, "files").or_throw(ErrorCode::kBadGateway));
  if (c.report) {
    // The model-aware diff: tensors per model, and the key-level diffs of configs and the card.
    w.key("model");
    write_model_diff(w, c.report->models);
    w.key("configs").begin_array();
    for (const auto& d : c.report->configs)
      write_key_diff(w, d);
    w.end_array();
  }
  w.end_object();
  http::Response res = http::Response::json(200, w.str());
  if (auto next = json::get_optional_string(a, "next").or_throw(ErrorCode::kBadGateway); next && !next->empty()) {
    res.headers.set("Link", http::next_link(s.ctx.settings.public_url, req, s.sealer.seal(scope, *next)));
  }
  return res;
}

http::Response diff(const Shared& s, http::Request& req) {
  const domain::RepoPlace place = http::signed_repo_place(req, s.ctx.settings.public_url);
  const std::int64_t num = pull_number(req);
  auto path = req.query_param("path");
  if (!path || path->empty()) throw ApiError(ErrorCode::kBadRequest, "path names a changed file");
  const std::int64_t offset = bounded_query(req, "offset", 0, 0, 1LL << 40);
  const std::int64_t limit = bounded_query(req, "limit", kDiffLines, 1, kMaxDiffLines);
  const Changes c = file_diff(s.ctx, *s.peers, place, num, std::string(*path), offset, limit, req.ctx.request_id);
  http::Response res = http::Response::json(200, json::Writer().raw_value(c.answer).str());
  if (auto next = json::find(c.answer, "next"); next != nullptr && next->IsInt64()) {
    std::string url = s.ctx.settings.public_url + std::string(req.path) + "?path=" + http::percent_encode(*path) +
                      "&offset=" + std::to_string(next->GetInt64()) + "&limit=" + std::to_string(limit);
    res.headers.set("Link", "<" + url + ">; rel=\"next\"");
  }
  return res;
}

}  // namespace

void install_change_routes(service::Context& ctx, http::RouteDispatcher& routes, std::shared_ptr<Peers> peers) {
  auto s = std::make_shared<Shared>(Shared{ctx, std::move(peers), http::CursorSealer(ctx.settings.internal_secret)});
  const std::string one = kPullPath;
  routes.add("GET", one + "/files", [s](http::Request& r) { return files(*s, r); });
  routes.add("GET", one + "/diff", [s](http::Request& r) { return diff(*s, r); });
}

}  // namespace hub::pulls
