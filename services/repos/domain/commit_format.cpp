#include "services/repos/domain/commit_format.hpp"

#include "common/error/api_error.hpp"
#include "common/json/json.hpp"
#include "common/util/base64.hpp"
#include "common/util/strings.hpp"
#include "services/repos/domain/file_paths.hpp"
#include "services/repos/domain/lfs_pointer.hpp"

namespace hub::repos {
namespace {

constexpr std::size_t kMaxSummary = 1000;
constexpr std::size_t kMaxDescription = 100000;

CommitHeader read_header(const json::Value& value) {
  CommitHeader h;
  h.summary = std::string(json::get_string(value, "summary").or_throw());
  h.description = std::string(json::get_optional_string(value, "description").or_throw().value_or(""));
  if (auto p = json::get_optional_string(value, "parentCommit").or_throw()) h.parent = std::string(*p);
  if (h.summary.size() > kMaxSummary || h.description.size() > kMaxDescription) {
    throw ApiError(ErrorCode::kBadRequest, "the commit message is too long");
  }
  return h;
}

CommitLine read_file(const json::Value& value, std::string path) {
  const auto encoding = json::get_optional_string(value, "encoding").or_throw().value_or("base64");
  const std::string_view content = json::get_string(value, "content").or_throw();
  std::string bytes;
  if (encoding == "base64") {
    auto decoded = util::base64_decode(content);
    if (!decoded) throw ApiError(ErrorCode::kBadRequest, "file content is not base64: " + path);
    bytes = std::move(*decoded);
  } else if (encoding == "utf-8") {
    bytes = std::string(content);
  } else {
    throw ApiError(ErrorCode::kBadRequest, "encoding is base64 or utf-8");
  }
  if (auto pointer = parse_lfs_pointer(bytes)) return CommitLfsFile{std::move(path), pointer->oid, pointer->size};
  return CommitFile{std::move(path), std::move(bytes)};
}

CommitLfsFile read_lfs_file(const json::Value& value, std::string path) {
  CommitLfsFile f;
  f.path = std::move(path);
  f.oid = std::string(json::get_string(value, "oid").or_throw());
  const auto algo = json::get_optional_string(value, "algo").or_throw().value_or("sha256");
  if (algo != "sha256" || !valid_oid(f.oid)) throw ApiError(ErrorCode::kBadRequest, "an LFS oid is a sha256 in hex");
  if (auto size = json::get_optional_int(value, "size").or_throw()) {
    if (*size < 0) throw ApiError(ErrorCode::kBadRequest, "size is not negative");
    f.size = static_cast<std::uint64_t>(*size);
  }
  return f;
}

}  // namespace

CommitLine parse_commit_line(std::string_view line) {
  if (util::trim(line).empty()) return std::monostate{};
  auto doc = json::parse_object(line);
  if (!doc) throw ApiError(ErrorCode::kBadRequest, "each commit line is a JSON object: " + doc.error());
  const std::string key(json::get_string(doc.value(), "key").or_throw());
  const json::Value* value = json::get_object(doc.value(), "value").or_throw();
  if (key == "header") return read_header(*value);
  std::string path(json::get_string(*value, "path").or_throw());
  check_file_path(path);
  if (key == "file") return read_file(*value, std::move(path));
  if (key == "lfsFile") return read_lfs_file(*value, std::move(path));
  if (key == "deletedFile") return CommitDeletion{std::move(path), false};
  if (key == "deletedFolder") return CommitDeletion{std::move(path), true};
  throw ApiError(ErrorCode::kBadRequest, "unknown commit operation: " + util::header_safe(key, 40));
}

}  // namespace hub::repos
