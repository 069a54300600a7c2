#include "services/repos/app/lfs_objects.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "common/db/transaction.hpp"
#include "common/log/log.hpp"
#include "common/util/random.hpp"
#include "services/repos/domain/object_digest.hpp"
#include "services/repos/store/lfs_store.hpp"
#include "services/repos/store/repo_store.hpp"
#include "services/repos/store/tensor_store.hpp"

namespace hub::repos {
namespace {

namespace fs = std::filesystem;

// Removes a temporary file unless it was renamed into place.
struct TempFile {
  std::string path;
  int fd = -1;
  TempFile() = default;
  TempFile(TempFile&& other) noexcept : path(std::exchange(other.path, {})), fd(std::exchange(other.fd, -1)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  TempFile& operator=(TempFile&&) = delete;
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

// A new file in the store's folder for objects in progress, named after `what` (an oid, when known).
TempFile open_temp(const LfsStore& lfs, const std::string& what) {
  std::error_code ec;
  fs::create_directories(lfs.temp_dir(), ec);
  TempFile temp;
  temp.path = lfs.temp_dir() + "/" + what + "." + util::random_id();
  temp.fd = ::open(temp.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (temp.fd < 0) throw ApiError(ErrorCode::kInternal, "internal error", "cannot create " + temp.path);
  return temp;
}

// An object's bytes, all of them in `temp` and found to be `oid`, go into the store and are
// recorded for the repo, in one transaction: the object linked, the file renamed into place unless
// the store holds it already, and what reading it as a safetensors file found. What an upload and
// an import share.
void keep_object(db::Pool& db, const LfsStore& lfs, const std::string& repo_id, const std::string& oid,
                 std::uint64_t size, TempFile& temp, const TensorHeader& header) {
  if (::fsync(temp.fd) != 0) throw ApiError(ErrorCode::kUnavailable, "storage is failing", "fsync failed");
  ::close(temp.fd);
  temp.fd = -1;
  const std::string target = lfs.path_of(oid);
  const std::string dir = fs::path(target).parent_path().string();
  std::error_code ec;
  fs::create_directories(dir, ec);
  db::transact(db, [&](pqxx::work& tx) {
    // The object's row, locked and freshly stamped, orders this against the collector
    // (lfs_gc.cpp): while we hold it the file cannot go, and a file the collector removed before
    // is put back from our copy.
    link_object(tx, repo_id, oid, size);
    if (!lfs.stored_size(oid)) {
      if (::rename(temp.path.c_str(), target.c_str()) != 0) {
        throw ApiError(ErrorCode::kInternal, "internal error", "rename into the LFS store failed");
      }
      temp.path.clear();
      fsync_dir(dir);
    }
    insert_tensor_header(tx, oid, header);
  });
}

}  // namespace

std::map<std::string, HeldObject> held_objects(service::Context& ctx, const ReposConfig& config,
                                               const std::string& repo_id, const std::vector<std::string>& oids) {
  std::map<std::string, HeldObject> held;
  db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    for (auto& [oid, size] : linked_objects(tx, repo_id, oids))
      held.emplace(oid, HeldObject{size, false});
  });
  const LfsStore lfs(config.lfs_dir());
  for (auto& [oid, object] : held)
    object.stored = lfs.stored_size(oid).has_value();
  return held;
}

bool object_linked(service::Context& ctx, const std::string& repo_id, const LfsPointer& pointer) {
  const auto linked =
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return linked_objects(tx, repo_id, {pointer.oid}); });
  return !linked.empty() && linked[0].second == pointer.size;
}

void store_upload(service::Context& ctx, const ReposConfig& config, const LfsGrant& grant, http::BodyReader& body) {
  auto repo = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_repo_by_id(tx, grant.repo_id); });
  if (!repo) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  const LfsStore lfs(config.lfs_dir());
  TempFile temp = open_temp(lfs, grant.oid);
  ObjectDigest digest(grant.size);
  std::vector<char> buffer(256 * 1024);
  for (;;) {
    const std::size_t n = body.read(buffer.data(), buffer.size());
    if (n == 0) break;
    if (digest.seen() + n > grant.size)
      throw ApiError(ErrorCode::kBadRequest, "the body is larger than the object's size");
    digest.update(std::string_view(buffer.data(), n));
    for (std::size_t off = 0; off < n;) {
      const ssize_t w = ::write(temp.fd, buffer.data() + off, n - off);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) throw ApiError(ErrorCode::kUnavailable, "storage is full or failing", "write failed");
      off += static_cast<std::size_t>(w);
    }
  }
  if (digest.seen() != grant.size) throw ApiError(ErrorCode::kBadRequest, "the body is smaller than the object's size");
  if (digest.oid() != grant.oid) throw ApiError(ErrorCode::kBadRequest, "the body's sha256 is not the oid");
  keep_object(ctx.db, lfs, grant.repo_id, grant.oid, grant.size, temp, digest.examine());
  log::info("lfs object stored", {{"repo", grant.repo_id}, {"oid", grant.oid}, {"size", grant.size}});
}

ImportedObject import_object(db::Pool& db, const ReposConfig& config, const std::string& repo_id,
                             const std::string& path) {
  const int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{in};
  struct stat st {};
  if (::fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) throw std::runtime_error(path + " is not a regular file");
  ImportedObject object;
  object.size = static_cast<std::uint64_t>(st.st_size);
  const LfsStore lfs(config.lfs_dir());
  TempFile temp = open_temp(lfs, "import");
  ObjectDigest digest(object.size);
  copy_sparse(in, temp.fd, object.size, [&digest](std::string_view bytes) { digest.update(bytes); });
  object.oid = digest.oid();
  object.header = digest.examine();
  object.already_stored = lfs.stored_size(object.oid).has_value();
  keep_object(db, lfs, repo_id, object.oid, object.size, temp, object.header);
  struct stat kept {};
  if (::stat(lfs.path_of(object.oid).c_str(), &kept) == 0) {
    object.disk_bytes = static_cast<std::uint64_t>(kept.st_blocks) * 512;
  }
  return object;
}

std::optional<std::string> stored_object_path(const ReposConfig& config, const std::string& oid,
                                              std::optional<std::uint64_t> size) {
  const LfsStore lfs(config.lfs_dir());
  const auto stored = lfs.stored_size(oid);
  if (!stored || (size && *stored != *size)) return std::nullopt;
  return lfs.path_of(oid);
}

TensorHeader tensors_of(service::Context& ctx, const std::string& repo_id, const std::string& oid) {
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    if (linked_objects(tx, repo_id, {oid}).empty()) {
      throw ApiError(ErrorCode::kNotFound, "no such LFS object in this repo");
    }
    auto header = tensor_header(tx, oid);
    if (!header) {
      throw ApiError(ErrorCode::kNotFound,
                     "this LFS object was stored before uploads were examined for tensors, so its tensors are "
                     "unknown; uploading it again examines it");
    }
    return std::move(*header);
  });
}

}  // namespace hub::repos
