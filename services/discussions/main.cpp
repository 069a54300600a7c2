// The discussions service (threads and comments of every repo (the Hub's discussions API)): see docs/architecture.md
// for what it owns. main() only wires it.
#include "common/service/service.hpp"
#include "services/discussions/api/routes.hpp"
#include "services/discussions/config.hpp"

namespace hub::discussions {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::discussions

int main(int argc, char** argv) {
  using namespace hub::discussions;  // NOLINT(google-build-using-namespace)
  DiscussionsConfig config;          // read once by service::run, before anything starts
  auto configure = [&config](hub::config::Reader& reader, const hub::service::Settings& settings) {
    config = load_config(reader, settings);
  };
  auto install = [&config](hub::service::Context& ctx, hub::http::RouteDispatcher& routes) {
    install_routes(ctx, routes, config);
  };
  return hub::service::run(argc, argv,
                           {.name = "discussions",
                            .default_port = 8083,
                            .migrations = &hub::discussions::migrations,
                            .configure = configure,
                            .install = install});
}
