#include "services/discussions/app/place.hpp"

namespace hub::discussions {

std::string Place::web_url(std::int64_t num) const {
  std::string url = public_url;
  url.append("/").append(domain::web_prefix(type)).append(full_name()).append("/discussions/");
  return url.append(std::to_string(num));
}

std::string Place::api_url(std::int64_t num) const {
  std::string url = public_url;
  url.append("/api/").append(domain::plural(type)).append("/").append(full_name()).append("/discussions/");
  return url.append(std::to_string(num));
}

std::string Place::comment_url(std::int64_t num, const std::string& comment_id) const {
  return web_url(num) + "#" + comment_id;
}

}  // namespace hub::discussions
