#include "services/notifications/domain/hook_access.hpp"

#include "common/util/strings.hpp"

namespace hub::notifications {

bool hook_may_receive(std::string_view owner_kind, std::string_view owner_name, std::string_view repo_namespace,
                      bool repo_public, bool user_reads) {
  if (repo_public) return true;
  if (owner_kind == "org") return util::iequals(owner_name, repo_namespace);
  return owner_kind == "user" && user_reads;
}

bool hook_may_receive_deletion(std::string_view owner_name, std::string_view repo_namespace, bool was_public) {
  return was_public || util::iequals(owner_name, repo_namespace);
}

}  // namespace hub::notifications
