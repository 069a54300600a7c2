#pragma once
// What the repos service's route files share: its configuration, the repo a request is about, and
// the role checks every handler makes.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/http/cursor.hpp"
#include "common/http/handler_support.hpp"
#include "common/http/route_dispatcher.hpp"
#include "common/service/peer.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/commit_status.hpp"
#include "services/repos/domain/formats.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

using http::json_body;
using http::require_user;

// "models" → "model"; the web prefix "datasets" → "dataset", "" → "model".
std::string type_from_plural(std::string_view plural);
// The URL prefix of a type's web pages: "" for models, "datasets/", "spaces/".
std::string web_prefix(std::string_view type);

// The repo the gateway resolved for this request (signed into the identity). 404 RepoNotFound when
// there is none or it is gone.
RepoRow request_repo(service::Context& ctx, const http::Request& request);

// The caller's role on the request's repo is at least `role` (read, write, admin); otherwise 401
// for an anonymous caller (so git and the clients send credentials) and 403 for others.
void require_role(const http::Request& request, access::Role role);
// The write role, or a signed-in reader whose credential writes to discussions: who may propose a
// change (a commit with create_pr=1, and the LFS objects it names), as opening a pull request is.
void require_proposer(const http::Request& request);

// The gate of a gated repo, where its files are served: returns for a repo that is not gated, a
// file open to every reader (`path`: the card, .gitattributes; empty for a request about every
// file, as git and LFS make), a caller who passes by role, and one whose access was accepted;
// otherwise 401 GatedRepo without credentials and 403 GatedRepo with them.
void require_gate(service::Context& ctx, const ReposConfig& config, const http::Request& req, const RepoRow& repo,
                  std::string_view path);

// Where a paged list resumes: the offset sealed in `?cursor=` for this list, 0 without one; 400 for
// a cursor not sealed here for this list.
std::size_t cursor_offset(const http::CursorSealer& sealer, std::string_view list, const http::Request& request);

// A commit's statuses as GET …/statuses/{sha} answers them: the latest of each context (with its
// metrics) and the combined state. The pulls service reads the same through /internal/.
std::string statuses_json(const std::string& sha, const std::vector<CommitStatus>& latest_per_context);

void install_repo_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config);
void install_file_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config);
void install_ref_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config);
void install_commit_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config);
void install_lfs_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config);
void install_git_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config);
void install_protection_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config);
void install_access_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config);
void install_internal_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config);
void install_review_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config);

}  // namespace hub::repos
