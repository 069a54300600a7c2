#pragma once
// SQL over bugs.labels and bugs.report_labels: a repo's labels (names unique case aside) and which
// reports carry them.
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/bugs/domain/records.hpp"

namespace hub::bugs {

// The repo's labels by name, each with how many reports carry it.
std::vector<LabelRow> list_labels(pqxx::transaction_base& tx, const std::string& repo_id);
std::int64_t count_labels(pqxx::transaction_base& tx, const std::string& repo_id);
// `lock`: FOR UPDATE. Names match case aside.
std::optional<LabelRow> find_label(pqxx::transaction_base& tx, const std::string& repo_id, const std::string& name,
                                   bool lock = false);
// The repo's labels of these names (case aside), in the order asked; names it lacks are left out.
std::vector<LabelRow> labels_named(pqxx::transaction_base& tx, const std::string& repo_id,
                                   const std::vector<std::string>& names);
// nullopt when the repo has a label of that name already.
std::optional<LabelRow> insert_label(pqxx::work& tx, const std::string& repo_id, const LabelRow& label);
// false when another label of the repo has the new name.
bool update_label(pqxx::work& tx, const LabelRow& label);
// Deletes the label and takes it off its reports (touched): how many carried it.
std::int64_t remove_label(pqxx::work& tx, const LabelRow& label);

// Exactly these labels on the report.
void set_report_labels(pqxx::work& tx, const std::string& repo_id, std::int64_t num,
                       const std::vector<LabelRow>& labels);

}  // namespace hub::bugs
