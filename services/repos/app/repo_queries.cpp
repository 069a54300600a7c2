#include "services/repos/app/repo_queries.hpp"

#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "services/repos/app/auth_client.hpp"
#include "services/repos/app/card_reader.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {

std::optional<RepoRow> load_repo(service::Context& ctx, const std::string& repo_id) {
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_repo_by_id(tx, repo_id); });
}

RepoInfo read_repo_info(const ReposConfig& config, RepoRow repo, const std::string& revision, bool with_siblings) {
  GitRepo git(config.git_path(repo.id));
  auto commit = git.resolve(revision);
  if (!commit) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + revision);
  repo.head_sha = *commit;
  RepoInfo info{std::move(repo), std::nullopt, std::nullopt};
  auto doc = std::make_shared<json::Document>();
  if (read_card(git, *commit, *doc)) {
    CardSummary card{doc, std::nullopt, std::nullopt, card_facts(*doc)};
    if (auto v = json::get_optional_string(*doc, "pipeline_tag"); v && *v) card.pipeline_tag = std::string(**v);
    if (auto v = json::get_optional_string(*doc, "library_name"); v && *v) card.library_name = std::string(**v);
    info.card = std::move(card);
  }
  if (with_siblings) {
    std::vector<TreeEntry> files;
    git.list(*commit, "", true, [&](const TreeEntry& e) {
      if (!e.directory) files.push_back(e);
    });
    info.siblings = std::move(files);
  }
  return info;
}

RepoPage list_repos_page(service::Context& ctx, const ReposConfig& config, ListQuery query,
                         const access::Identity* caller, std::string_view request_id) {
  if (caller != nullptr && !caller->anonymous()) {
    query.private_ids = readable_private_repos(*config.auth, *caller, request_id);
  }
  const std::size_t page = query.limit;
  query.limit = page + 1;  // one more tells whether there is a next page
  RepoPage out;
  out.rows = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return list_repos(tx, query); });
  out.more = out.rows.size() > page;
  if (out.more) out.rows.resize(page);
  return out;
}

}  // namespace hub::repos
