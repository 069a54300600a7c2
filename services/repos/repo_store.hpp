#pragma once
// SQL over the repos schema: plain rows in, plain rows out, in the caller's transaction.
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace hub::repos {

struct RepoRow {
  std::string id;
  std::string type;  // model, dataset, space
  std::string ns;
  std::string name;
  bool is_private = false;
  std::string gated = "false";
  std::string creator_id;
  std::string creator_name;
  std::string sdk;
  std::string head_sha;
  std::string created_at;     // RFC 3339
  std::string last_modified;  // RFC 3339
  std::string created_key;    // full-precision timestamps, for keyset paging
  std::string modified_key;

  std::string full_name() const { return ns + "/" + name; }
};

std::optional<RepoRow> find_repo_by_id(pqxx::transaction_base& tx, const std::string& id);
std::optional<RepoRow> find_repo(pqxx::transaction_base& tx, const std::string& type, const std::string& ns,
                                 const std::string& name);
// Throws pqxx::unique_violation when the path is taken.
void insert_repo(pqxx::work& tx, const RepoRow& repo);
void delete_repo_row(pqxx::work& tx, const std::string& id);
// The branch main moved: the info endpoints answer from these.
void touch_repo(pqxx::work& tx, const std::string& id, const std::string& head_sha);

// The repo's protection document, {"rules":[…]} (no rules when none was saved).
std::string protection_document(pqxx::transaction_base& tx, const std::string& repo_id);
void store_protection(pqxx::work& tx, const std::string& repo_id, const std::string& document);

struct ListQuery {
  std::string type;
  std::string search;                 // in the name, case-insensitive
  std::string author;                 // the namespace
  std::string sort = "lastModified";  // or createdAt
  std::string after_key;              // keyset: the sort value and id of the last row shown
  std::string after_id;
  std::vector<std::string> private_ids;  // private repos the caller may see
  std::size_t limit = 50;
};
std::vector<RepoRow> list_repos(pqxx::transaction_base& tx, const ListQuery& query);
// The keyset value of a row for a sort.
inline const std::string& sort_key(const RepoRow& row, const std::string& sort) {
  return sort == "createdAt" ? row.created_key : row.modified_key;
}

}  // namespace hub::repos
