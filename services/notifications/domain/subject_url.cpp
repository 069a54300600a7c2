#include "services/notifications/domain/subject_url.hpp"

#include "common/domain/repo_place.hpp"

namespace hub::notifications {

std::string subject_url(const std::string& public_url, const std::string& repo_type, const std::string& repo_name,
                        const std::string& subject_type, std::int64_t num) {
  domain::RepoPlace place;
  place.type = domain::parse_repo_type(repo_type).value_or(domain::RepoType::kModel);
  const auto slash = repo_name.find('/');
  place.ns = repo_name.substr(0, slash);
  place.name = slash == std::string::npos ? std::string() : repo_name.substr(slash + 1);
  place.public_url = public_url;
  return subject_type == "bug" ? place.bug_web_url(num) : place.web_url(num);
}

}  // namespace hub::notifications
