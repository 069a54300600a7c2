#include "services/pulls/app/files.hpp"

#include "services/pulls/app/pull_requests.hpp"
#include "services/pulls/app/repos_client.hpp"

namespace hub::pulls {

Changes changed_files_page(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                           std::int64_t limit, const std::string& after, const std::string& request_id) {
  Changes c{require_pull(ctx, place.repo_id, num), {}};
  c.answer = changed_files(peers.repos, place.repo_id, c.pull.compare_base(), pull_ref(num), limit, after, request_id);
  return c;
}

Changes file_diff(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                  const std::string& path, std::int64_t offset, std::int64_t limit, const std::string& request_id) {
  Changes c{require_pull(ctx, place.repo_id, num), {}};
  c.answer =
      file_patch(peers.repos, place.repo_id, c.pull.compare_base(), pull_ref(num), path, offset, limit, request_id);
  return c;
}

}  // namespace hub::pulls
