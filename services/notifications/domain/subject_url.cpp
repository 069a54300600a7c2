#include "services/notifications/domain/subject_url.hpp"

#include "common/domain/repo_place.hpp"

namespace hub::notifications {

std::string subject_url(const std::string& public_url, const std::string& repo_type, const std::string& repo_name,
                        const std::string& subject_type, std::int64_t num) {
  const domain::RepoPlace place = domain::repo_place("", repo_type, repo_name, public_url);
  return subject_type == "bug" ? place.bug_web_url(num) : place.web_url(num);
}

}  // namespace hub::notifications
