#pragma once
// Opaque page cursors (docs/conventions.md: "opaque signed cursors"): a position in a list, sealed
// with a key derived for this one purpose from HUB_INTERNAL_SECRET and bound to the list it belongs
// to, so a client can neither craft a position nor carry a cursor from one list to another.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/crypto/sha256.hpp"

namespace hub::http {

class CursorSealer {
 public:
  explicit CursorSealer(std::string_view secret);
  // `list` names the list and its filters (e.g. "audit:<org id>:<action>"); `position` is where
  // the next page starts.
  std::string seal(std::string_view list, std::string_view position) const;
  // The position, or nullopt when the cursor was not sealed here for this list.
  std::optional<std::string> open(std::string_view list, std::string_view cursor) const;
  // A cursor whose position is a whole number (a sequence, an offset): 0 without a cursor; ApiError
  // 400 for one that was not sealed here for this list.
  std::int64_t open_number(std::string_view list, const std::optional<std::string>& cursor) const;

 private:
  std::string mac(std::string_view list, std::string_view position) const;
  crypto::HmacKey key_;
};

}  // namespace hub::http
