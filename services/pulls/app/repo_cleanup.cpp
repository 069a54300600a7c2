#include "services/pulls/app/repo_cleanup.hpp"

#include "common/events/catalog.hpp"
#include "services/pulls/app/commit_sync.hpp"
#include "services/pulls/store/pull_store.hpp"

namespace hub::pulls {

bool follows_event(const events::Envelope& event) {
  return event.type == events::RepoDeleted::kType || event.type == events::RepoContent::kType;
}

void follow_repo_event(pqxx::work& tx, const events::Envelope& event) {
  if (event.type == events::RepoDeleted::kType && event.repo) delete_repo_pulls(tx, event.repo->id);
  follow_pull_refs(tx, event);
}

}  // namespace hub::pulls
