// Git LFS over HTTP: the batch API (upload and download, basic transfer), signed transfer URLs, and
// verify. An upload streams to a temporary file while its SHA-256 is computed, must match the oid
// and the size exactly, is fsynced with its folder and renamed into place; then the object is linked
// to the repo, which is what lets a commit of this repo name it.
#include "common/http/range.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/lfs_objects.hpp"
#include "services/repos/domain/lfs_batch_request.hpp"
#include "services/repos/domain/lfs_urls.hpp"

namespace hub::repos {
namespace {

constexpr std::int64_t kUrlLifetime = 3600;
constexpr std::string_view kLfsType = "application/vnd.git-lfs+json";

http::Response lfs_json(int status, std::string body) {
  http::Response r = http::Response::json(status, std::move(body));
  r.headers.set("Content-Type", kLfsType);
  return r;
}

void check_lfs_type(const http::Request& req) {
  const auto type = util::to_lower(req.headers.get("Content-Type"));
  if (!type.starts_with(kLfsType) && !type.starts_with("application/json")) {
    throw ApiError(ErrorCode::kUnsupportedMediaType, "the body must be application/vnd.git-lfs+json");
  }
}

json::Document lfs_body(const http::Request& req) {
  check_lfs_type(req);
  return json::parse_object(req.body).or_throw();
}

http::Response batch(service::Context& ctx, const ReposConfig& config, const LfsUrlSigner& signer, http::Request& req) {
  check_lfs_type(req);
  const LfsBatchRequest request = parse_lfs_batch_request(req.body);
  const std::string operation = request.upload ? "upload" : "download";
  // Uploads: the objects of a proposed change (create_pr=1) come from readers too; they stay
  // linked to this repo only, and a commit names them only on refs/pr/N unless its author writes.
  if (request.upload) {
    require_proposer(req);
  } else {
    require_role(req, access::Role::kRead);
  }
  RepoRow repo = request_repo(ctx, req);
  if (!request.upload) require_gate(ctx, config, req, repo, {});
  const auto& asked = request.objects;
  std::vector<std::string> oids;
  oids.reserve(asked.size());
  for (const auto& [oid, size] : asked)
    oids.push_back(oid);
  const std::map<std::string, HeldObject> held = held_objects(ctx, config, repo.id, oids);
  const access::Identity& who = *req.ctx.identity;
  const std::int64_t expires = access::unix_now() + kUrlLifetime;
  json::Writer w;
  w.begin_object().field("transfer", "basic").field("hash_algo", "sha256").key("objects").begin_array();
  for (const auto& [oid, size] : asked) {
    w.begin_object().field("oid", oid).field("size", size);
    auto error = [&](int code, std::string_view message) {
      w.key("error").begin_object().field("code", code).field("message", message).end_object();
    };
    auto it = held.find(oid);
    if (!valid_oid(oid)) {
      error(422, "oid is a sha256 in lower-case hex");
    } else if (size < 0) {
      error(422, "size is not negative");
    } else if (operation == "upload") {
      if (it != held.end() && it->second.size == static_cast<std::uint64_t>(size) && it->second.stored) {
        // Already this repo's: nothing to send.
      } else {
        LfsGrant grant{"PUT", repo.id, oid, static_cast<std::uint64_t>(size), expires, who.user_id};
        w.key("actions").begin_object();
        w.key("upload")
            .begin_object()
            .field("href", config.public_url + signer.path(grant))
            .field("expires_in", kUrlLifetime);
        w.end_object();
        w.key("verify").begin_object();
        w.field("href",
                config.public_url + "/" + web_prefix(repo.type) + repo.full_name() + ".git/info/lfs/objects/verify");
        w.end_object().end_object();
      }
    } else if (it == held.end() || !it->second.stored) {
      error(404, "Object does not exist");
    } else {
      LfsGrant grant{"GET", repo.id, oid, it->second.size, expires, who.user_id};
      w.key("actions").begin_object().key("download").begin_object();
      w.field("href", config.public_url + signer.path(grant)).field("expires_in", kUrlLifetime);
      w.end_object().end_object();
    }
    w.end_object();
  }
  w.end_array().end_object();
  return lfs_json(200, w.str());
}

// The grant a transfer URL claims, from its path and query; 403 unless signed and unexpired.
LfsGrant verified_grant(const LfsUrlSigner& signer, const http::Request& req, std::string_view method) {
  LfsGrant g;
  g.method = std::string(method);
  g.repo_id = std::string(req.param("repo"));
  g.oid = std::string(req.param("oid"));
  auto size = util::parse_uint(req.param("size"));
  auto expires = util::parse_int(req.query_param("exp").value_or(""));
  g.actor = req.query_param("actor").value_or("");
  const auto sig = req.query_param("sig").value_or("");
  if (!size || !expires || !valid_oid(g.oid)) throw ApiError(ErrorCode::kForbidden, "invalid transfer URL");
  g.size = *size;
  g.expires = *expires;
  if (!signer.verify(g, sig, access::unix_now())) {
    throw ApiError(ErrorCode::kForbidden, "this transfer URL is invalid or has expired; ask the batch API again");
  }
  return g;
}

http::Response upload(service::Context& ctx, const ReposConfig& config, const LfsUrlSigner& signer,
                      http::Request& req) {
  const LfsGrant grant = verified_grant(signer, req, "PUT");
  store_upload(ctx, config, grant, *req.body_reader);
  return http::Response::empty(200);
}

http::Response download(const ReposConfig& config, const LfsUrlSigner& signer, http::Request& req) {
  const LfsGrant grant = verified_grant(signer, req, "GET");
  const auto path = stored_object_path(config, grant.oid, grant.size);
  if (!path) throw ApiError(ErrorCode::kNotFound, "Object does not exist");
  const std::uint64_t stored = grant.size;
  http::Response r;
  r.status = 200;
  r.headers.set("Content-Type", "application/octet-stream");
  r.headers.set("Accept-Ranges", "bytes");
  r.headers.set("ETag", "\"" + grant.oid + "\"");
  const auto range = http::parse_range(req.headers.get("Range"), stored);
  std::uint64_t offset = 0;
  std::uint64_t length = stored;
  if (range.kind == http::ByteRange::Kind::kPartial) {
    r.status = 206;
    offset = range.offset;
    length = range.length;
    r.headers.set("Content-Range", range.content_range(stored));
  }
  r.file = http::FileBody{*path, offset, length};
  return r;
}

http::Response verify(service::Context& ctx, http::Request& req) {
  require_proposer(req);
  RepoRow repo = request_repo(ctx, req);
  auto body = lfs_body(req);
  const std::string oid(json::get_string(body, "oid").or_throw());
  const auto size = json::get_int(body, "size").or_throw();
  if (size < 0 || !object_linked(ctx, repo.id, LfsPointer{oid, static_cast<std::uint64_t>(size)})) {
    return lfs_json(404, R"({"message":"Object does not exist"})");
  }
  return lfs_json(200, "{}");
}

http::Response locks(http::Request&) {
  // git-lfs reads 501 as "this server has no locking" and goes on without it.
  return lfs_json(501, R"({"message":"file locking is not supported"})");
}

}  // namespace

void install_lfs_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  auto signer = std::make_shared<const LfsUrlSigner>(ctx.settings.internal_secret);
  const http::HandlerOptions transfer{.route_class = http::RouteClass::kTransfer};
  for (const std::string base :
       {"/{prefix:datasets|spaces}/{namespace}/{name}.git/info/lfs", "/{namespace}/{name}.git/info/lfs",
        "/{prefix:datasets|spaces}/{namespace}/{name}/info/lfs", "/{namespace}/{name}/info/lfs"}) {
    routes.add("POST", base + "/objects/batch",
               [&ctx, config, signer](http::Request& r) { return batch(ctx, config, *signer, r); },
               {.max_body = 4 << 20});
    routes.add("POST", base + "/objects/verify", [&ctx](http::Request& r) { return verify(ctx, r); });
    routes.add("GET", base + "/locks", locks);
    routes.add("POST", base + "/locks", locks);
    routes.add("POST", base + "/locks/{rest+}", locks);
  }
  routes.add("PUT", "/api/lfs/upload/{repo}/{oid}/{size}",
             [&ctx, config, signer](http::Request& r) { return upload(ctx, config, *signer, r); },
             {.route_class = http::RouteClass::kTransfer, .max_body = 1ULL << 40, .stream_body = true});
  routes.add(
      "GET", "/api/lfs/download/{repo}/{oid}/{size}",
      [config, signer](http::Request& r) { return download(config, *signer, r); }, transfer);
}

}  // namespace hub::repos
