#include "common/http/cursor.hpp"

#include <openssl/crypto.h>

#include "common/error/api_error.hpp"
#include "common/util/strings.hpp"

namespace hub::http {
namespace {

constexpr std::string_view kCursorContext = "hub/cursor/v1";
constexpr std::size_t kMacHex = 32;  // 128 bits of the MAC, in hex

std::optional<std::string> unhex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 2);
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace

CursorSealer::CursorSealer(std::string_view secret) : key_(crypto::hmac_sha256(secret, kCursorContext)) {}

std::string CursorSealer::mac(std::string_view list, std::string_view position) const {
  auto s = key_.stream();
  s.update(list);
  s.update(std::string_view("\n", 1));
  s.update(position);
  unsigned char out[32];
  s.finish(out);
  return util::hex(std::string_view(reinterpret_cast<const char*>(out), sizeof out)).substr(0, kMacHex);
}

std::string CursorSealer::seal(std::string_view list, std::string_view position) const {
  return util::hex(position) + "." + mac(list, position);
}

std::optional<std::string> CursorSealer::open(std::string_view list, std::string_view cursor) const {
  if (cursor.size() > 512) return std::nullopt;
  const auto dot = cursor.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto position = unhex(cursor.substr(0, dot));
  if (!position) return std::nullopt;
  const std::string expected = mac(list, *position);
  const std::string_view given = cursor.substr(dot + 1);
  if (given.size() != expected.size() || CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  return position;
}

std::int64_t CursorSealer::open_number(std::string_view list, const std::optional<std::string>& cursor) const {
  if (!cursor) return 0;
  auto position = open(list, *cursor);
  auto n = position ? util::parse_int(*position) : std::nullopt;
  if (!n || *n < 0) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
  return *n;
}

}  // namespace hub::http
