#include "services/discussions/app/repo_cleanup.hpp"

#include "common/events/catalog.hpp"
#include "services/discussions/store/thread_store.hpp"

namespace hub::discussions {

void follow_repo_event(pqxx::work& tx, const events::Envelope& event) {
  if (event.type != events::RepoDeleted::kType || !event.repo) return;
  delete_repo_threads(tx, event.repo->id);
}

}  // namespace hub::discussions
