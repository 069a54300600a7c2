#include "common/domain/repo_place.hpp"

namespace hub::domain {

std::string RepoPlace::web_url(std::int64_t num) const {
  std::string url = public_url;
  url.append("/").append(web_prefix(type)).append(full_name()).append("/discussions/");
  return url.append(std::to_string(num));
}

std::string RepoPlace::bug_web_url(std::int64_t num) const {
  std::string url = public_url;
  url.append("/").append(web_prefix(type)).append(full_name()).append("/bugs/");
  return url.append(std::to_string(num));
}

std::string RepoPlace::bug_api_url(std::int64_t num) const {
  std::string url = public_url;
  url.append("/api/").append(plural(type)).append("/").append(full_name()).append("/bugs/");
  return url.append(std::to_string(num));
}

std::string RepoPlace::api_url(std::int64_t num) const {
  std::string url = public_url;
  url.append("/api/").append(plural(type)).append("/").append(full_name()).append("/discussions/");
  return url.append(std::to_string(num));
}

std::string RepoPlace::comment_url(std::int64_t num, const std::string& comment_id) const {
  return web_url(num) + "#" + comment_id;
}

}  // namespace hub::domain
