// Git LFS over HTTP: the batch API (upload and download, basic transfer), signed transfer URLs, and
// verify. An upload streams to a temporary file while its SHA-256 is computed, must match the oid
// and the size exactly, is fsynced with its folder and renamed into place; then the object is linked
// to the repo, which is what lets a commit of this repo name it.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "common/crypto/sha256.hpp"
#include "common/db/transaction.hpp"
#include "common/http/range.hpp"
#include "common/log/log.hpp"
#include "common/util/random.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/domain/lfs_batch_request.hpp"
#include "services/repos/domain/lfs_urls.hpp"
#include "services/repos/domain/safetensors.hpp"
#include "services/repos/store/lfs_store.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

namespace fs = std::filesystem;
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
  require_role(req, request.upload ? access::Role::kWrite : access::Role::kRead);
  RepoRow repo = request_repo(ctx, req);
  if (!request.upload) require_gate(ctx, config, req, repo, {});
  const auto& asked = request.objects;
  std::vector<std::string> oids;
  oids.reserve(asked.size());
  for (const auto& [oid, size] : asked)
    oids.push_back(oid);
  std::map<std::string, std::uint64_t> linked;
  db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    for (auto& [oid, size] : linked_objects(tx, repo.id, oids))
      linked.emplace(oid, size);
  });
  const LfsStore lfs = LfsStore(config.lfs_dir());
  const access::Identity& who = *req.ctx.identity;
  const std::int64_t expires = access::unix_now() + kUrlLifetime;
  json::Writer w;
  w.begin_object().field("transfer", "basic").field("hash_algo", "sha256").key("objects").begin_array();
  for (const auto& [oid, size] : asked) {
    w.begin_object().field("oid", oid).field("size", size);
    auto error = [&](int code, std::string_view message) {
      w.key("error").begin_object().field("code", code).field("message", message).end_object();
    };
    auto it = linked.find(oid);
    if (!valid_oid(oid)) {
      error(422, "oid is a sha256 in lower-case hex");
    } else if (size < 0) {
      error(422, "size is not negative");
    } else if (operation == "upload") {
      if (it != linked.end() && it->second == static_cast<std::uint64_t>(size) && lfs.stored_size(oid)) {
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
    } else if (it == linked.end() || !lfs.stored_size(oid)) {
      error(404, "Object does not exist");
    } else {
      LfsGrant grant{"GET", repo.id, oid, it->second, expires, who.user_id};
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

// Removes a temporary file unless it was renamed into place.
struct TempFile {
  std::string path;
  int fd = -1;
  ~TempFile() {
    if (fd >= 0) ::close(fd);
    if (!path.empty()) ::unlink(path.c_str());
  }
};

void fsync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

http::Response upload(service::Context& ctx, const ReposConfig& config, const LfsUrlSigner& signer,
                      http::Request& req) {
  const LfsGrant grant = verified_grant(signer, req, "PUT");
  auto repo = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_repo_by_id(tx, grant.repo_id); });
  if (!repo) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  const LfsStore lfs = LfsStore(config.lfs_dir());
  std::error_code ec;
  fs::create_directories(lfs.temp_dir(), ec);
  TempFile temp;
  temp.path = lfs.temp_dir() + "/" + grant.oid + "." + util::random_id();
  temp.fd = ::open(temp.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (temp.fd < 0) throw ApiError(ErrorCode::kInternal, "internal error", "cannot create " + temp.path);
  crypto::Sha256 hash;
  SafetensorsHasher tensors(grant.size);
  std::uint64_t received = 0;
  std::vector<char> buffer(256 * 1024);
  for (;;) {
    const std::size_t n = req.body_reader->read(buffer.data(), buffer.size());
    if (n == 0) break;
    received += n;
    if (received > grant.size) throw ApiError(ErrorCode::kBadRequest, "the body is larger than the object's size");
    hash.update(std::string_view(buffer.data(), n));
    if (tensors.recognised()) tensors.update(std::string_view(buffer.data(), n));
    for (std::size_t off = 0; off < n;) {
      const ssize_t w = ::write(temp.fd, buffer.data() + off, n - off);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) throw ApiError(ErrorCode::kUnavailable, "storage is full or failing", "write failed");
      off += static_cast<std::size_t>(w);
    }
  }
  if (received != grant.size) throw ApiError(ErrorCode::kBadRequest, "the body is smaller than the object's size");
  if (hash.finish_hex() != grant.oid) throw ApiError(ErrorCode::kBadRequest, "the body's sha256 is not the oid");
  if (::fsync(temp.fd) != 0) throw ApiError(ErrorCode::kUnavailable, "storage is failing", "fsync failed");
  ::close(temp.fd);
  temp.fd = -1;
  const std::string target = lfs.path_of(grant.oid);
  const std::string dir = fs::path(target).parent_path().string();
  fs::create_directories(dir, ec);
  const std::vector<TensorHash> hashes = tensors.finish();
  db::transact(ctx.db, [&](pqxx::work& tx) {
    // The object's row, locked and freshly stamped, orders this upload against the collector
    // (lfs_gc.cpp): while we hold it the file cannot go, and a file the collector removed before
    // is put back from our copy.
    link_object(tx, grant.repo_id, grant.oid, grant.size);
    if (!lfs.stored_size(grant.oid)) {
      if (::rename(temp.path.c_str(), target.c_str()) != 0) {
        throw ApiError(ErrorCode::kInternal, "internal error", "rename into the LFS store failed");
      }
      temp.path.clear();
      fsync_dir(dir);
    }
    for (const auto& t : hashes) {
      tx.exec_params(
          "INSERT INTO repos.tensor_hashes (oid, name, dtype, shape, begin_offset, end_offset, sha256) "
          "VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) ON CONFLICT DO NOTHING",
          grant.oid, t.name, t.dtype, t.shape_json, static_cast<std::int64_t>(t.begin),
          static_cast<std::int64_t>(t.end), t.sha256);
    }
  });
  log::info("lfs object stored", {{"repo", grant.repo_id}, {"oid", grant.oid}, {"size", grant.size}});
  return http::Response::empty(200);
}

http::Response download(const ReposConfig& config, const LfsUrlSigner& signer, http::Request& req) {
  const LfsGrant grant = verified_grant(signer, req, "GET");
  const LfsStore lfs = LfsStore(config.lfs_dir());
  const auto stored = lfs.stored_size(grant.oid);
  if (!stored || *stored != grant.size) throw ApiError(ErrorCode::kNotFound, "Object does not exist");
  http::Response r;
  r.status = 200;
  r.headers.set("Content-Type", "application/octet-stream");
  r.headers.set("Accept-Ranges", "bytes");
  r.headers.set("ETag", "\"" + grant.oid + "\"");
  const auto range = http::parse_range(req.headers.get("Range"), *stored);
  std::uint64_t offset = 0;
  std::uint64_t length = *stored;
  if (range.kind == http::ByteRange::Kind::kPartial) {
    r.status = 206;
    offset = range.offset;
    length = range.length;
    r.headers.set("Content-Range", range.content_range(*stored));
  }
  r.file = http::FileBody{lfs.path_of(grant.oid), offset, length};
  return r;
}

http::Response verify(service::Context& ctx, http::Request& req) {
  require_role(req, access::Role::kWrite);
  RepoRow repo = request_repo(ctx, req);
  auto body = lfs_body(req);
  const std::string oid(json::get_string(body, "oid").or_throw());
  const auto size = json::get_int(body, "size").or_throw();
  auto linked = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return linked_objects(tx, repo.id, {oid}); });
  if (linked.empty() || static_cast<std::int64_t>(linked[0].second) != size) {
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
