#include "services/repos/store/lfs_store.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace hub::repos {

std::string LfsStore::path_of(std::string_view oid) const {
  std::string p = root_;
  p.append("/").append(oid.substr(0, 2)).append("/").append(oid.substr(2, 2)).append("/").append(oid);
  return p;
}

std::optional<std::uint64_t> LfsStore::stored_size(std::string_view oid) const {
  struct stat st {};
  if (!valid_oid(oid) || ::stat(path_of(oid).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return static_cast<std::uint64_t>(st.st_size);
}

namespace {

constexpr std::size_t kChunk = 1 << 20;  // read, hashed and written at a time
constexpr std::size_t kBlock = 4096;     // the unit in which zeros are left unwritten

[[noreturn]] void io_failed(const char* what) {
  throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

// Where the next data at or after `offset` starts, and where it ends (the next hole), clamped to
// `size`. A file system that cannot say reports everything as data.
std::pair<std::uint64_t, std::uint64_t> next_data(int fd, std::uint64_t offset, std::uint64_t size) {
  const off_t data = ::lseek(fd, static_cast<off_t>(offset), SEEK_DATA);
  if (data < 0) {
    if (errno == ENXIO) return {size, size};  // only a hole from here on
    if (errno == EINVAL || errno == EOPNOTSUPP) return {offset, size};
    io_failed("seeking data");
  }
  const std::uint64_t begin = std::min(static_cast<std::uint64_t>(data), size);
  const off_t hole = ::lseek(fd, data, SEEK_HOLE);
  if (hole < 0) io_failed("seeking a hole");
  return {begin, std::min(static_cast<std::uint64_t>(hole), size)};
}

void write_all(int fd, const char* bytes, std::size_t n, std::uint64_t offset) {
  while (n > 0) {
    const ssize_t w = ::pwrite(fd, bytes, n, static_cast<off_t>(offset));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) io_failed("writing");
    bytes += w;
    n -= static_cast<std::size_t>(w);
    offset += static_cast<std::uint64_t>(w);
  }
}

// Writes the blocks of `bytes` (read from `offset`) that are not all zeros.
void write_nonzero(int fd, const char* bytes, std::size_t n, std::uint64_t offset) {
  static const std::vector<char> zeros(kBlock, 0);
  std::size_t run = 0;  // start of the pending run of blocks with data
  bool in_run = false;
  for (std::size_t at = 0; at < n; at += kBlock) {
    const std::size_t len = std::min(kBlock, n - at);
    const bool zero = std::memcmp(bytes + at, zeros.data(), len) == 0;
    if (!zero && !in_run) {
      run = at;
      in_run = true;
    } else if (zero && in_run) {
      write_all(fd, bytes + run, at - run, offset + run);
      in_run = false;
    }
  }
  if (in_run) write_all(fd, bytes + run, n - run, offset + run);
}

}  // namespace

void copy_sparse(int in, int out, std::uint64_t size, const std::function<void(std::string_view)>& consume) {
  static const std::vector<char> zeros(kChunk, 0);
  std::vector<char> buffer(kChunk);
  std::uint64_t offset = 0;
  while (offset < size) {
    const auto [begin, end] = next_data(in, offset, size);
    for (; offset < begin;) {  // a hole: zeros, never read
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, begin - offset));
      consume(std::string_view(zeros.data(), n));
      offset += n;
    }
    while (offset < end) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, end - offset));
      const ssize_t r = ::pread(in, buffer.data(), want, static_cast<off_t>(offset));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) io_failed("reading");
      if (r == 0) throw std::runtime_error("the file changed while it was read");
      const auto n = static_cast<std::size_t>(r);
      consume(std::string_view(buffer.data(), n));
      write_nonzero(out, buffer.data(), n, offset);
      offset += n;
    }
  }
  // Past its end a file reads as one hole: a file that shrank would pass for zeros.
  struct stat st {};
  if (::fstat(in, &st) != 0) io_failed("reading the size");
  if (static_cast<std::uint64_t>(st.st_size) != size) throw std::runtime_error("the file changed while it was read");
  if (::ftruncate(out, static_cast<off_t>(size)) != 0) io_failed("sizing the copy");
}

std::vector<std::pair<std::string, std::uint64_t>> linked_objects(pqxx::transaction_base& tx,
                                                                  const std::string& repo_id,
                                                                  const std::vector<std::string>& oids) {
  std::string array = "{";
  for (const auto& oid : oids) {
    if (!valid_oid(oid)) continue;  // only hex reaches the array literal
    if (array.size() > 1) array += ',';
    array += oid;
  }
  array += "}";
  auto rows = tx.exec_params(
      "SELECT o.oid, o.size FROM repos.repo_lfs_objects l JOIN repos.lfs_objects o ON o.oid = l.oid "
      "WHERE l.repo_id = $1::uuid AND l.oid = ANY($2::text[])",
      repo_id, array);
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const auto& r : rows)
    out.emplace_back(r[0].as<std::string>(), r[1].as<std::uint64_t>());
  return out;
}

void link_object(pqxx::work& tx, const std::string& repo_id, const std::string& oid, std::uint64_t size) {
  tx.exec_params(
      "INSERT INTO repos.lfs_objects (oid, size) VALUES ($1, $2) ON CONFLICT (oid) DO UPDATE SET stored_at = now()",
      oid, static_cast<std::int64_t>(size));
  tx.exec_params("INSERT INTO repos.repo_lfs_objects (repo_id, oid) VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING",
                 repo_id, oid);
}

}  // namespace hub::repos
