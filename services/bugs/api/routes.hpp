#pragma once
// The bugs service's route table: the bug routes (list, file from a template, read with the
// timeline, change, comment), the known bugs of a revision, labels and the bug template.
#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/bugs/app/peers.hpp"
#include "services/bugs/config.hpp"

namespace hub::bugs {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const BugsConfig& config);

void install_report_routes(service::Context& ctx, http::RouteDispatcher& routes, const Peers& peers);
void install_label_routes(service::Context& ctx, http::RouteDispatcher& routes);

}  // namespace hub::bugs
