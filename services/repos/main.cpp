// The repos service: see docs/architecture.md for what it owns. main() only wires it.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "common/config/config.hpp"
#include "common/service/service.hpp"
#include "hub_repos_migrations.hpp"  // generated: hub::repos::migrations()
#include "services/repos/api/routes.hpp"
#include "services/repos/app/admin.hpp"
#include "services/repos/app/card_index.hpp"
#include "services/repos/app/lfs_gc.hpp"
#include "services/repos/app/push_hooks.hpp"
#include "services/repos/app/unrecorded_pushes.hpp"
#include "services/repos/git/git_repo.hpp"

int main(int argc, char** argv) {
  using namespace hub::repos;  // NOLINT(google-build-using-namespace)
  if (argc >= 2 && std::string_view(argv[1]) == "hook") return hook_main(argc, argv);
  if (argc >= 2 && std::string_view(argv[1]) == "admin") return admin_main(argc, argv);
  init_libgit2();
  ReposConfig config;  // read once by service::run, before anything starts
  auto configure = [&config](hub::config::Reader& reader, const hub::service::Settings& settings) {
    config = load_config(reader, settings);
  };
  auto install = [&config](hub::service::Context& ctx, hub::http::RouteDispatcher& routes) {
    config.auth = std::make_shared<hub::service::Peer>("repos", "auth", config.auth_addresses, ctx.signer);
    config.discussions =
        std::make_shared<hub::service::Peer>("repos", "discussions", config.discussions_addresses, ctx.signer);
    std::filesystem::create_directories(config.data_dir + "/repos");
    std::filesystem::create_directories(config.data_dir + "/lfs/tmp");
    std::filesystem::create_directories(config.data_dir + "/tmp");
    install_hook_scripts(config.data_dir, std::filesystem::read_symlink("/proc/self/exe").string());
    // Unreferenced LFS objects: looked for hourly, collected a day after their last use (by default).
    start_lfs_gc(ctx.db, LfsStore(config.lfs_dir()), config.lfs_gc_interval, config.lfs_gc_grace);
    // Pushes whose hooks could not reach the database, recorded once it answers.
    start_unrecorded_replay(ctx.db, config, std::chrono::seconds(2));
    install_repo_routes(ctx, routes, config);
    install_file_routes(ctx, routes, config);
    install_ref_routes(ctx, routes, config);
    install_commit_routes(ctx, routes, config);
    install_lfs_routes(ctx, routes, config);
    install_git_routes(ctx, routes, config);
    install_protection_routes(ctx, routes, config);
    install_access_routes(ctx, routes, config);
    install_internal_routes(ctx, routes, config);
    install_review_routes(ctx, routes, config);
  };
  return hub::service::run(
      argc, argv,
      {.name = "repos",
       .default_port = 8082,
       .migrations = &hub::repos::migrations,
       .configure = configure,
       .install = install,
       // The card facts the lists filter on follow main through the events
       // (app/card_index.hpp).
       .on_event = [&config](hub::service::Context& /*ctx*/, pqxx::work& tx, const hub::events::Envelope& event,
                             hub::events::AfterCommit& /*after_commit*/) { index_card(tx, config, event); },
       .wants_event = &hub::repos::indexes_card});
}
