#pragma once
// Markdown of reports and comments rendered as discussions render theirs (common/markdown: safe
// mode, URL allowlist, mentions collected), with `#N` linked to what N is in the repo: a bug report
// of this service, or a discussion or pull request (asked of discussions). Before any transaction:
// it may ask discussions.
#include <string>

#include "common/markdown/markdown.hpp"
#include "common/service/service.hpp"
#include "services/bugs/app/peers.hpp"
#include "services/bugs/app/place.hpp"

namespace hub::bugs {

markdown::Rendered render_text(service::Context& ctx, const Peers& peers, const Place& place, const std::string& raw,
                               const std::string& request_id);

}  // namespace hub::bugs
