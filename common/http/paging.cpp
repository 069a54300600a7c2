#include "common/http/paging.hpp"

#include "common/error/api_error.hpp"

namespace hub::http {

std::size_t page_limit(const Request& request, std::size_t fallback) {
  auto text = request.query_param("limit");
  if (!text) return fallback;
  if (text->empty() || text->size() > 4 || text->find_first_not_of("0123456789") != std::string::npos) {
    throw ApiError(ErrorCode::kBadRequest, "limit is a whole number from 1 to " + std::to_string(kMaxPage));
  }
  const std::size_t n = std::stoul(*text);
  if (n < 1 || n > kMaxPage) {
    throw ApiError(ErrorCode::kBadRequest, "limit is a whole number from 1 to " + std::to_string(kMaxPage));
  }
  return n;
}

std::string next_link(std::string_view public_url, const Request& request, std::string_view cursor) {
  std::string query;
  std::string_view rest = request.query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (item.empty() || item.starts_with("cursor=") || item == "cursor") continue;
    query += item;
    query += '&';
  }
  query += "cursor=";
  query += cursor;   // hex and dots: nothing to escape
  std::string link;  // appended piece by piece: GCC 12 at -O3 misreads `"<" + std::string(…)`
  link.reserve(public_url.size() + request.path.size() + query.size() + 16);
  link += '<';
  link += public_url;
  link += request.path;
  link += '?';
  link += query;
  link += ">; rel=\"next\"";
  return link;
}

}  // namespace hub::http
