#pragma once
// One line of the Hub's NDJSON commit format, read into a typed operation: the header, a regular
// file (its bytes decoded), an LFS file, or a deletion. Pure: no git, no database. A regular file
// whose bytes are an LFS pointer is read as the LFS file it names, so it takes the same proof of
// possession as an lfsFile line.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace hub::repos {

struct CommitHeader {
  std::string summary;
  std::string description;
  std::optional<std::string> parent;
};

struct CommitFile {
  std::string path;
  std::string bytes;
};

struct CommitLfsFile {
  std::string path;
  std::string oid;
  std::optional<std::uint64_t> size;
};

struct CommitDeletion {
  std::string path;
  bool folder = false;
};

// std::monostate for a blank line, which the format allows and ignores.
using CommitLine = std::variant<std::monostate, CommitHeader, CommitFile, CommitLfsFile, CommitDeletion>;

// Throws ApiError (400) for anything the format does not allow: not a JSON object, an unknown key,
// a bad path, content that is not base64, an oid that is not a sha256, a message over its limit.
CommitLine parse_commit_line(std::string_view line);

}  // namespace hub::repos
