#include "services/pulls/app/files.hpp"

#include "common/error/api_error.hpp"
#include "services/pulls/app/pull_requests.hpp"
#include "services/pulls/app/repos_client.hpp"

namespace hub::pulls {

Changes changed_files_page(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                           std::int64_t limit, const std::string& after, const std::string& request_id) {
  Changes c{require_pull(ctx, place.repo_id, num), {}, std::nullopt};
  c.answer = changed_files(peers.repos, place.repo_id, c.pull.compare_base(), pull_ref(num), limit, after, request_id);
  if (after.empty()) {
    // The sides as this page saw them, so the report and the files describe the same commits.
    const std::string head(json::get_string(c.answer, "head").or_throw(ErrorCode::kBadGateway));
    const std::string merge_base(
        json::get_optional_string(c.answer, "mergeBase").or_throw(ErrorCode::kBadGateway).value_or(""));
    c.report = model_report(peers, c.pull, merge_base, head, request_id);
  }
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
