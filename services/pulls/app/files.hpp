#pragma once
// A pull request's changes as repos computes them from git: the changed files (paged) and one
// file's unified diff (paged by line), from the merge base to the head, as reviewed.
#include <cstdint>
#include <optional>
#include <string>

#include "common/domain/repo_place.hpp"
#include "common/json/json.hpp"
#include "common/service/service.hpp"
#include "services/pulls/app/model_report.hpp"
#include "services/pulls/app/peers.hpp"
#include "services/pulls/domain/review.hpp"

namespace hub::pulls {

struct Changes {
  PullRow pull;
  json::Document answer;              // repos' answer, for the API to render
  std::optional<ModelReport> report;  // on the first page of files
};
Changes changed_files_page(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                           std::int64_t limit, const std::string& after, const std::string& request_id);
Changes file_diff(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                  const std::string& path, std::int64_t offset, std::int64_t limit, const std::string& request_id);

}  // namespace hub::pulls
