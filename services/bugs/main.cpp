// The bugs service (bug reports pinned to revisions and linked to the pull requests that fix them): see
// docs/architecture.md for what it owns. main() only wires it.
#include "common/service/service.hpp"
#include "services/bugs/api/routes.hpp"
#include "services/bugs/config.hpp"

namespace hub::bugs {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::bugs

int main(int argc, char** argv) {
  using namespace hub::bugs;  // NOLINT(google-build-using-namespace)
  BugsConfig config;          // read once by service::run, before anything starts
  auto configure = [&config](hub::config::Reader& reader, const hub::service::Settings& settings) {
    config = load_config(reader, settings);
  };
  auto install = [&config](hub::service::Context& ctx, hub::http::RouteDispatcher& routes) {
    install_routes(ctx, routes, config);
  };
  return hub::service::run(argc, argv,
                           {.name = "bugs",
                            .default_port = 8085,
                            .migrations = &hub::bugs::migrations,
                            .configure = configure,
                            .install = install});
}
