// The pulls service (pull requests and their review: refs/pr/N, model-aware diffs, reviews, gates, merge): see
// docs/architecture.md for what it owns. main() only wires it.
#include "common/service/service.hpp"
#include "services/pulls/api/routes.hpp"
#include "services/pulls/config.hpp"

namespace hub::pulls {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::pulls

int main(int argc, char** argv) {
  using namespace hub::pulls;  // NOLINT(google-build-using-namespace)
  PullsConfig config;          // read once by service::run, before anything starts
  auto configure = [&config](hub::config::Reader& reader, const hub::service::Settings& settings) {
    config = load_config(reader, settings);
  };
  auto install = [&config](hub::service::Context& ctx, hub::http::RouteDispatcher& routes) {
    install_routes(ctx, routes, config);
  };
  return hub::service::run(argc, argv,
                           {.name = "pulls",
                            .default_port = 8084,
                            .migrations = &hub::pulls::migrations,
                            .configure = configure,
                            .install = install});
}
