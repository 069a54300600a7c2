// The discussions service (threads and comments of every repo: the Hub's discussions API): see
// docs/architecture.md. main() only wires it.
#include "common/service/service.hpp"
#include "hub_discussions_migrations.hpp"  // generated: hub::discussions::migrations()
#include "services/discussions/api/routes.hpp"
#include "services/discussions/app/repo_cleanup.hpp"

int main(int argc, char** argv) {
  namespace svc = hub::discussions;
  hub::service::Spec spec{.name = "discussions", .default_port = 8083, .migrations = &svc::migrations};
  // A deleted repo takes its threads with it (app/repo_cleanup.hpp).
  spec.on_event = [](hub::service::Context& ctx, pqxx::work& tx, const hub::events::Envelope& event,
                     hub::events::AfterCommit& /*after_commit*/) { svc::follow_repo_event(ctx, tx, event); };
  spec.wants_event = &svc::follows_event;
  return hub::service::run(argc, argv, spec, &svc::load_config, &svc::install_routes);
}
