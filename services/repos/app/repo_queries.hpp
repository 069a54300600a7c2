#pragma once
// Reading repos: the row a request is about, a repo's info at a revision, and pages of the lists.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/json/json.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/card_facts.hpp"
#include "services/repos/domain/git_objects.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

std::optional<RepoRow> load_repo(service::Context& ctx, const std::string& repo_id);

// The model card's metadata (the README's YAML header as JSON) and the fields the Hub lifts out of it.
struct CardSummary {
  std::shared_ptr<const json::Document> metadata;
  std::optional<std::string> pipeline_tag;
  std::optional<std::string> library_name;
  CardFacts facts;
};

struct RepoInfo {
  RepoRow repo;  // head_sha is the revision's commit
  std::optional<CardSummary> card;
  std::optional<std::vector<TreeEntry>> siblings;  // every file, when asked for
};

// 404 RevisionNotFound for a revision that names nothing.
RepoInfo read_repo_info(const ReposConfig& config, RepoRow repo, const std::string& revision, bool with_siblings);

// One page of a list (query.limit rows) and whether more follow; private repos only when the
// caller (null: anonymous) may see them, as auth says.
struct RepoPage {
  std::vector<RepoRow> rows;
  bool more = false;
};
RepoPage list_repos_page(service::Context& ctx, const ReposConfig& config, ListQuery query,
                         const access::Identity* caller, std::string_view request_id);

}  // namespace hub::repos
