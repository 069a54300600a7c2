#include "services/bugs/store/label_store.hpp"

#include <algorithm>

#include "common/db/prepared.hpp"

namespace hub::bugs {
namespace {

constexpr const char* kList =
    "SELECT l.id, l.name, l.color, l.description, (SELECT count(*) FROM bugs.report_labels rl WHERE rl.label_id = "
    "l.id) "
    "FROM bugs.labels l WHERE l.repo_id = $1::uuid ORDER BY lower(l.name)";
constexpr const char* kCountLabels = "SELECT count(*) FROM bugs.labels WHERE repo_id = $1::uuid";
constexpr const char* kFind =
    "SELECT id, name, color, description, 0 FROM bugs.labels WHERE repo_id = $1::uuid AND lower(name) = lower($2)";
constexpr const char* kFindLocked =
    "SELECT id, name, color, description, 0 FROM bugs.labels WHERE repo_id = $1::uuid AND lower(name) = lower($2) "
    "FOR UPDATE";
constexpr const char* kInsert =
    "INSERT INTO bugs.labels (repo_id, name, color, description) VALUES ($1::uuid, $2, $3, $4) "
    "ON CONFLICT DO NOTHING RETURNING id";
constexpr const char* kNameTaken =
    "SELECT 1 FROM bugs.labels WHERE repo_id = (SELECT repo_id FROM bugs.labels WHERE id = $1) "
    "AND lower(name) = lower($2) AND id <> $1";
constexpr const char* kUpdate = "UPDATE bugs.labels SET name = $2, color = $3, description = $4 WHERE id = $1";
// Its reports show the change in their updated time, as a label taken off by hand would.
constexpr const char* kTouchCarriers =
    "UPDATE bugs.reports r SET updated_at = now() FROM bugs.report_labels rl "
    "WHERE rl.label_id = $1 AND r.repo_id = rl.repo_id AND r.num = rl.num";
constexpr const char* kDelete = "DELETE FROM bugs.labels WHERE id = $1";
constexpr const char* kUnlabel = "DELETE FROM bugs.report_labels WHERE repo_id = $1::uuid AND num = $2";
constexpr const char* kLabel = "INSERT INTO bugs.report_labels (repo_id, num, label_id) VALUES ($1::uuid, $2, $3)";

LabelRow read_label(const pqxx::row& r) {
  return LabelRow{r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
                  r[4].as<std::int64_t>()};
}

}  // namespace

std::vector<LabelRow> list_labels(pqxx::transaction_base& tx, const std::string& repo_id) {
  std::vector<LabelRow> out;
  for (const auto& r : db::exec_statement(tx, kList, repo_id))
    out.push_back(read_label(r));
  return out;
}

std::int64_t count_labels(pqxx::transaction_base& tx, const std::string& repo_id) {
  return db::exec_statement(tx, kCountLabels, repo_id)[0][0].as<std::int64_t>();
}

std::optional<LabelRow> find_label(pqxx::transaction_base& tx, const std::string& repo_id, const std::string& name,
                                   bool lock) {
  auto rows = db::exec_statement(tx, lock ? kFindLocked : kFind, repo_id, name);
  if (rows.empty()) return std::nullopt;
  return read_label(rows[0]);
}

std::vector<LabelRow> labels_named(pqxx::transaction_base& tx, const std::string& repo_id,
                                   const std::vector<std::string>& names) {
  std::vector<LabelRow> out;
  for (const auto& name : names) {
    auto label = find_label(tx, repo_id, name);
    if (label && std::none_of(out.begin(), out.end(), [&](const LabelRow& l) { return l.id == label->id; })) {
      out.push_back(std::move(*label));
    }
  }
  return out;
}

std::optional<LabelRow> insert_label(pqxx::work& tx, const std::string& repo_id, const LabelRow& label) {
  auto rows = db::exec_statement(tx, kInsert, repo_id, label.name, label.color, label.description);
  if (rows.empty()) return std::nullopt;
  LabelRow out = label;
  out.id = rows[0][0].as<std::int64_t>();
  return out;
}

bool update_label(pqxx::work& tx, const LabelRow& label) {
  if (!db::exec_statement(tx, kNameTaken, label.id, label.name).empty()) return false;
  db::exec_statement(tx, kUpdate, label.id, label.name, label.color, label.description);
  db::exec_statement(tx, kTouchCarriers, label.id);
  return true;
}

std::int64_t remove_label(pqxx::work& tx, const LabelRow& label) {
  const auto carriers = static_cast<std::int64_t>(db::exec_statement(tx, kTouchCarriers, label.id).affected_rows());
  db::exec_statement(tx, kDelete, label.id);
  return carriers;
}

void set_report_labels(pqxx::work& tx, const std::string& repo_id, std::int64_t num,
                       const std::vector<LabelRow>& labels) {
  db::exec_statement(tx, kUnlabel, repo_id, num);
  for (const auto& l : labels)
    db::exec_statement(tx, kLabel, repo_id, num, l.id);
}

}  // namespace hub::bugs
