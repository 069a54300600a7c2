#pragma once
// One exchange of git's smart HTTP protocol, answered by `git http-backend` as CGI: its answer is the
// response, streamed as git writes it (the one use case of repos that produces the HTTP answer
// itself). The route has checked the caller's role and the gate before.
#include <cstdint>
#include <string_view>

#include "common/access/identity.hpp"
#include "common/http/message.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

inline constexpr std::uint64_t kMaxPushBody = 64ULL << 30;

// `action`: info/refs, git-upload-pack or git-receive-pack (`push`). A push's hooks learn the
// pusher, the repo's protection rules and where to leave a push the database could not record.
http::Response serve_git(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                         const access::Identity* who, http::Request& req, std::string_view action, bool push);

}  // namespace hub::repos
