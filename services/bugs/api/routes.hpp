#pragma once
// The bugs service's route table: the bug routes (create from a template, lifecycle, labels, assignees, comments,
// lists, known bugs of a revision).
#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/bugs/config.hpp"

namespace hub::bugs {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const BugsConfig& config);

}  // namespace hub::bugs
