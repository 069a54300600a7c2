#pragma once
// Our lists' paging (docs/conventions.md): `?limit=` (50 by default, 1,000 at most) and an opaque
// cursor carried in an absolute `Link: <…>; rel="next"` (with the space after `;` that the JS
// client's parser needs). No Link means the last page.
#include <cstddef>
#include <string>
#include <string_view>

#include "common/http/message.hpp"

namespace hub::http {

inline constexpr std::size_t kDefaultPage = 50;
inline constexpr std::size_t kMaxPage = 1000;

// The page size asked for; 400 (ApiError) when it is not a number from 1 to kMaxPage.
std::size_t page_limit(const Request& request, std::size_t fallback = kDefaultPage);

// `<public_url + path?query with cursor replaced>; rel="next"`.
std::string next_link(std::string_view public_url, const Request& request, std::string_view cursor);

}  // namespace hub::http
