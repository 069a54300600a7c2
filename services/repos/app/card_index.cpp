#include "services/repos/app/card_index.hpp"

#include <filesystem>

#include "common/events/catalog.hpp"
#include "common/log/log.hpp"
#include "common/util/uuid.hpp"
#include "services/repos/app/card_reader.hpp"
#include "services/repos/domain/card_facts.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {

bool indexes_card(const events::Envelope& event) {
  return event.type == events::RepoCreated::kType || event.type == events::RepoContent::kType;
}

void index_card(pqxx::work& tx, const ReposConfig& config, const events::Envelope& event) {
  if (!indexes_card(event)) return;
  if (!event.repo || !util::is_uuid(event.repo->id)) return;
  const std::string& id = event.repo->id;
  // A repo deleted since has no git data left: nothing to index.
  if (!std::filesystem::exists(config.git_path(id))) return;
  GitRepo git(config.git_path(id));
  const auto main = git.resolve("main");
  if (!main) return;
  json::Document card;
  CardFacts facts;
  if (read_card(git, *main, card)) facts = card_facts(card);
  store_card_facts(tx, id, *main, facts);
  log::debug("card indexed", {{"repo", id}, {"sha", *main}, {"tags", static_cast<int>(facts.tags.size())}});
}

}  // namespace hub::repos
