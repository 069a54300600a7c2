// The repos service: see architecture.md for what it owns. main() only wires it.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "common/service/service.hpp"
#include "services/repos/git_hooks.hpp"
#include "services/repos/git_repo.hpp"
#include "services/repos/lfs_gc.hpp"
#include "services/repos/repos_service.hpp"

namespace hub::repos {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::repos

int main(int argc, char** argv) {
  using namespace hub::repos;  // NOLINT(google-build-using-namespace)
  if (argc >= 2 && std::string_view(argv[1]) == "hook") return hook_main(argc, argv);
  init_libgit2();
  auto install = [](hub::service::Context& ctx, hub::http::RouteDispatcher& routes) {
    ReposConfig config;
    config.data_dir = ctx.settings.data_dir;
    config.public_url = ctx.settings.public_url;
    config.auth = std::make_shared<hub::service::Peer>("repos", "auth", "HUB_AUTH_URL", "127.0.0.1:8081", ctx.signer);
    if (const char* t = std::getenv("HUB_LFS_THRESHOLD")) config.lfs_threshold = std::strtoull(t, nullptr, 10);
    std::filesystem::create_directories(config.data_dir + "/repos");
    std::filesystem::create_directories(config.data_dir + "/lfs/tmp");
    std::filesystem::create_directories(config.data_dir + "/tmp");
    if (const char* path = std::getenv("PATH")) config.path_env = path;
    install_hook_scripts(config.data_dir, std::filesystem::read_symlink("/proc/self/exe").string());
    // Unreferenced LFS objects: looked for hourly, collected a day after their last use.
    const auto seconds = [](const char* name, long fallback) {
      const char* v = std::getenv(name);
      return std::chrono::seconds(v != nullptr ? std::strtol(v, nullptr, 10) : fallback);
    };
    start_lfs_gc(ctx.db, config.lfs(), seconds("HUB_LFS_GC_INTERVAL_SECONDS", 3600),
                 seconds("HUB_LFS_GC_GRACE_SECONDS", 86400));
    install_repo_routes(ctx, routes, config);
    install_file_routes(ctx, routes, config);
    install_ref_routes(ctx, routes, config);
    install_commit_routes(ctx, routes, config);
    install_lfs_routes(ctx, routes, config);
    install_git_routes(ctx, routes, config);
    install_protection_routes(ctx, routes, config);
    install_internal_routes(ctx, routes, config);
  };
  return hub::service::run(
      argc, argv, {.name = "repos", .default_port = 8082, .migrations = &hub::repos::migrations, .install = install});
}
