#pragma once
// SQL over the repos schema: plain rows in, plain rows out, in the caller's transaction.
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/repos/domain/card_facts.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

std::optional<RepoRow> find_repo_by_id(pqxx::transaction_base& tx, const std::string& id);
std::optional<RepoRow> find_repo(pqxx::transaction_base& tx, const std::string& type, const std::string& ns,
                                 const std::string& name);
// Throws pqxx::unique_violation when the path is taken.
void insert_repo(pqxx::work& tx, const RepoRow& repo);
void delete_repo_row(pqxx::work& tx, const std::string& id);
// Throws pqxx::unique_violation when the new path is taken.
void rename_repo(pqxx::work& tx, const std::string& id, const std::string& ns, const std::string& name);
void store_settings(pqxx::work& tx, const std::string& id, bool is_private, const std::string& gated);
// What the card on main at `sha` says (a space's sdk included, when the card names one).
void store_card_facts(pqxx::work& tx, const std::string& id, const std::string& sha, const CardFacts& facts);
// The branch main moved: the info endpoints answer from these.
void touch_repo(pqxx::work& tx, const std::string& id, const std::string& head_sha);

// Takes the repo's next #N (nullopt for no such repo).
std::optional<std::int64_t> take_next_number(pqxx::work& tx, const std::string& id);

// The repo's protection document, {"rules":[…]} (no rules when none was saved).
std::string protection_document(pqxx::transaction_base& tx, const std::string& repo_id);
void store_protection(pqxx::work& tx, const std::string& repo_id, const std::string& document);

std::vector<RepoRow> list_repos(pqxx::transaction_base& tx, const ListQuery& query);
}  // namespace hub::repos
