#pragma once
// SQL over what the bugs service keeps per repo besides its reports: the bug template it replaced
// the default with, and the ancestry of commit pairs repos answered (an answer that never changes).
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/bugs/domain/bug_template.hpp"

namespace hub::bugs {

// nullopt while the repo uses the default template.
std::optional<BugTemplate> find_template(pqxx::transaction_base& tx, const std::string& repo_id);
void save_template(pqxx::work& tx, const std::string& repo_id, const BugTemplate& tmpl, const std::string& by);

// Whether repos ever answered about `commit` as a descendant in this repo (so the repo has it).
bool known_descendant(pqxx::transaction_base& tx, const std::string& repo_id, const std::string& commit);
void remember_ancestry(pqxx::work& tx, const std::string& repo_id, const std::string& descendant,
                       const std::map<std::string, bool>& answers);

}  // namespace hub::bugs
