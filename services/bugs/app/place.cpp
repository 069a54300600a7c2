#include "services/bugs/app/place.hpp"

namespace hub::bugs {

std::string bug_web_url(const Place& place, std::int64_t num) {
  std::string url = place.public_url;
  url.append("/").append(domain::web_prefix(place.type)).append(place.full_name()).append("/bugs/");
  return url.append(std::to_string(num));
}

std::string bug_api_url(const Place& place, std::int64_t num) {
  std::string url = place.public_url;
  url.append("/api/").append(domain::plural(place.type)).append("/").append(place.full_name()).append("/bugs/");
  return url.append(std::to_string(num));
}

}  // namespace hub::bugs
