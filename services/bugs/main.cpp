// The bugs service (bug reports pinned to revisions and linked to the pull requests that fix them):
// see docs/architecture.md and docs/bugs.md. main() only wires it.
#include "common/events/catalog.hpp"
#include "common/service/service.hpp"
#include "hub_bugs_migrations.hpp"  // generated: hub::bugs::migrations()
#include "services/bugs/api/routes.hpp"
#include "services/bugs/app/assignment_rechecks.hpp"
#include "services/bugs/app/repo_events.hpp"

int main(int argc, char** argv) {
  namespace svc = hub::bugs;
  hub::service::Spec spec{.name = "bugs", .default_port = 8085, .migrations = &svc::migrations};
  // A merged pull request that says "fixes #N" resolves bug N; a deleted repo takes its reports
  // with it (app/repo_events.hpp); someone who left an org has their assignments checked again
  // (app/assignment_rechecks.hpp).
  spec.on_event = [](hub::service::Context& ctx, pqxx::work& tx, const hub::events::Envelope& event,
                     hub::events::AfterCommit& /*after_commit*/) {
    if (event.type == hub::events::OrgMemberRemoved::kType) svc::ask_assignment_recheck(tx, event);
    svc::follow_repo_event(ctx, tx, event);
  };
  spec.wants_event = &svc::follows_event;
  return hub::service::run(argc, argv, spec, &svc::load_config, &svc::install_routes);
}
