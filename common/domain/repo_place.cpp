#include "common/domain/repo_place.hpp"

#include <utility>

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

RepoPlace repo_place(std::string repo_id, std::string_view type, std::string_view full_name, std::string public_url) {
  RepoPlace place;
  place.repo_id = std::move(repo_id);
  place.type = parse_repo_type(type).value_or(RepoType::kModel);
  const auto slash = full_name.find('/');
  place.ns = std::string(full_name.substr(0, slash));
  place.name = slash == std::string_view::npos ? std::string() : std::string(full_name.substr(slash + 1));
  place.public_url = std::move(public_url);
  return place;
}

}  // namespace hub::domain
