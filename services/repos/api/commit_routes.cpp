// The Hub's commit protocol as routes (docs/hub-contract.md §3): preupload and the NDJSON commit.
// The use cases are in app/commits.hpp.
#include "common/log/log.hpp"
#include "common/util/base64.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/commits.hpp"
#include "services/repos/domain/file_paths.hpp"

namespace hub::repos {
namespace {

constexpr std::size_t kMaxPreuploadFiles = 1000;

bool create_pr(const http::Request& req) {
  auto v = req.query_param("create_pr");
  return v && (*v == "1" || *v == "true" || *v == "True");
}

http::Response preupload(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  // Only says how each file is to be sent: whoever may propose a change may ask.
  require_proposer(req);
  const RepoRow repo = request_repo(ctx, req);
  auto body = json_body(req);
  const json::Value* files = json::get_array(body, "files").or_throw();
  if (files->Size() > kMaxPreuploadFiles) throw ApiError(ErrorCode::kBadRequest, "at most 1000 files per preupload");
  std::optional<std::string> attributes;
  if (auto text = json::get_optional_string(body, "gitAttributes").or_throw()) {
    if (text->size() > (1U << 20)) throw ApiError(ErrorCode::kBadRequest, "gitAttributes is 1 MiB at most");
    attributes = std::string(*text);
  }
  std::vector<PreuploadFile> asked;
  for (const auto& f : files->GetArray()) {
    if (!f.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each file is {path, sample, size}");
    PreuploadFile file;
    file.path = std::string(json::get_string(f, "path").or_throw());
    check_file_path(file.path);
    const auto size = json::get_int(f, "size").or_throw();
    if (size < 0) throw ApiError(ErrorCode::kBadRequest, "size is not negative");
    file.size = static_cast<std::uint64_t>(size);
    auto sample = util::base64_decode(json::get_optional_string(f, "sample").or_throw().value_or(""));
    if (!sample) throw ApiError(ErrorCode::kBadRequest, "sample is not base64: " + file.path);
    file.binary = sample->find('\0') != std::string::npos;
    asked.push_back(std::move(file));
  }
  json::Writer w;
  w.begin_object().key("files").begin_array();
  for (const auto& mode : upload_modes(config, repo, std::string(req.param("rev")), attributes, asked)) {
    w.begin_object().field("path", mode.path).field("uploadMode", mode.lfs ? "lfs" : "regular");
    w.field("shouldIgnore", false);
    if (mode.oid) w.field("oid", *mode.oid);
    w.end_object();
  }
  w.end_array().end_object();
  return http::Response::json(200, w.str());
}

http::Response commit(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  // Proposing a change (create_pr=1) is open to every signed-in reader whose credential writes to
  // discussions, as opening a pull request is; committing takes the write role, or being the
  // author of the pull request whose refs/pr/N is committed to.
  const bool proposing = create_pr(req);
  require_proposer(req);
  const RepoRow repo = request_repo(ctx, req);
  if (!proposing) require_commit_right(ctx, config, repo, *req.ctx.identity, std::string(req.param("rev")));
  const auto type = util::to_lower(req.headers.get("Content-Type"));
  if (!type.starts_with("application/x-ndjson") && !type.starts_with("application/json")) {
    throw ApiError(ErrorCode::kUnsupportedMediaType, "a commit is application/x-ndjson");
  }
  // No body at all (Content-Length: 0) reaches here without a reader: the client's mistake.
  if (req.body_reader == nullptr) {
    throw ApiError(ErrorCode::kBadRequest, "the commit body is empty: send a header line and the operations as NDJSON");
  }
  const std::string rev(req.param("rev"));
  std::string sha;
  std::int64_t num = 0;
  if (proposing) {
    const PullRequestCommit made =
        commit_as_pull_request(ctx, config, repo, *req.ctx.identity, rev, *req.body_reader, req.ctx.request_id);
    sha = made.commit.sha;
    num = made.num;
  } else {
    sha = commit_ndjson(ctx, config, repo, *req.ctx.identity, rev, *req.body_reader).sha;
  }
  log::info("commit", {{"repo", repo.id}, {"commit", sha}, {"requestId", req.ctx.request_id}});
  const std::string web = config.public_url + "/" + web_prefix(repo.type) + repo.full_name();
  json::Writer w;
  w.begin_object().field("commitUrl", web + "/commit/" + sha).field("commitOid", sha);
  // huggingface_hub turns the URL's trailing /discussions/N into refs/pr/N.
  if (num > 0) w.field("pullRequestUrl", web + "/discussions/" + std::to_string(num));
  w.field("hookOutput", "").end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_commit_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  const std::string api = "/api/{type:models|datasets|spaces}/{namespace}/{name}";
  routes.add("POST", api + "/preupload/{rev+}", [&ctx, config](http::Request& r) { return preupload(ctx, config, r); },
             {.max_body = 4 << 20});
  routes.add("POST", api + "/commit/{rev+}", [&ctx, config](http::Request& r) { return commit(ctx, config, r); },
             {.route_class = http::RouteClass::kTransfer, .max_body = 64ULL << 30, .stream_body = true});
}

}  // namespace hub::repos
