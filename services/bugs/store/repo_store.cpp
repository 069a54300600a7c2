#include "services/bugs/store/repo_store.hpp"

#include "common/db/prepared.hpp"
#include "common/json/json.hpp"

namespace hub::bugs {
namespace {

constexpr const char* kFindTemplate =
    "SELECT title, body, severity, array_to_json(labels)::text FROM bugs.templates WHERE repo_id = $1::uuid";
constexpr const char* kSaveTemplate =
    "INSERT INTO bugs.templates (repo_id, title, body, severity, labels, updated_by) "
    "VALUES ($1::uuid, $2, $3, $4, ARRAY(SELECT json_array_elements_text($5::json)), $6) "
    "ON CONFLICT (repo_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, severity = EXCLUDED.severity, "
    "labels = EXCLUDED.labels, updated_by = EXCLUDED.updated_by, updated_at = now()";

constexpr const char* kKnownDescendant =
    "SELECT 1 FROM bugs.ancestry WHERE repo_id = $1::uuid AND descendant = $2 LIMIT 1";
// Every answer of one question in one statement (up to ~1,000 rows).
constexpr const char* kRememberAncestry =
    "INSERT INTO bugs.ancestry (repo_id, descendant, ancestor, is_ancestor) "
    "SELECT $1::uuid, $2, a.ancestor, a.is_ancestor FROM unnest($3::text[], $4::boolean[]) AS a (ancestor, "
    "is_ancestor) "
    "ON CONFLICT DO NOTHING";

}  // namespace

std::optional<BugTemplate> find_template(pqxx::transaction_base& tx, const std::string& repo_id) {
  auto rows = db::exec_statement(tx, kFindTemplate, repo_id);
  if (rows.empty()) return std::nullopt;
  BugTemplate t;
  t.is_default = false;
  t.title = rows[0][0].as<std::string>();
  t.body = rows[0][1].as<std::string>();
  t.severity = parse_severity(rows[0][2].as<std::string>()).value_or(Severity::kMedium);
  if (auto labels = json::parse(rows[0][3].as<std::string>()); labels && labels.value().IsArray()) {
    for (const auto& l : labels.value().GetArray())
      if (l.IsString()) t.labels.emplace_back(l.GetString(), l.GetStringLength());
  }
  return t;
}

void save_template(pqxx::work& tx, const std::string& repo_id, const BugTemplate& tmpl, const std::string& by) {
  json::Writer labels;
  labels.begin_array();
  for (const auto& l : tmpl.labels)
    labels.value(l);
  labels.end_array();
  db::exec_statement(tx, kSaveTemplate, repo_id, tmpl.title, tmpl.body, std::string(severity_name(tmpl.severity)),
                     labels.str(), by);
}

bool known_descendant(pqxx::transaction_base& tx, const std::string& repo_id, const std::string& commit) {
  return !db::exec_statement(tx, kKnownDescendant, repo_id, commit).empty();
}

void remember_ancestry(pqxx::work& tx, const std::string& repo_id, const std::string& descendant,
                       const std::map<std::string, bool>& answers) {
  if (answers.empty()) return;
  std::string ancestors = "{", verdicts = "{";
  for (const auto& [ancestor, is_ancestor] : answers) {
    const char* sep = ancestors.size() > 1 ? "," : "";
    ancestors += sep + ancestor;  // shas: nothing to quote
    verdicts += std::string(sep) + (is_ancestor ? "t" : "f");
  }
  db::exec_statement(tx, kRememberAncestry, repo_id, descendant, ancestors + "}", verdicts + "}");
}

}  // namespace hub::bugs
