#include "services/repos/store/repo_store.hpp"

#include "common/json/json.hpp"

namespace hub::repos {
namespace {

constexpr const char* kColumns =
    "id::text, type, namespace, name, private, gated, COALESCE(creator_id::text, ''), creator_name, "
    "COALESCE(sdk, ''), COALESCE(head_sha, ''), "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "to_char(last_modified AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "created_at::text, last_modified::text, array_to_json(tags)::text, COALESCE(pipeline_tag, ''), "
    "COALESCE(library_name, '')";

constexpr const char* kRename =
    "UPDATE repos.repos SET namespace = $2, name = $3, last_modified = now() WHERE id = $1::uuid";
constexpr const char* kNextNumber =
    "UPDATE repos.repos SET last_num = last_num + 1 WHERE id = $1::uuid RETURNING last_num";
constexpr const char* kStoreCardFacts =
    "UPDATE repos.repos SET card_sha = $2, tags = ARRAY(SELECT json_array_elements_text($3::json)), "
    "pipeline_tag = NULLIF($4, ''), library_name = NULLIF($5, ''), "
    "languages = ARRAY(SELECT json_array_elements_text($6::json)), "
    "sdk = CASE WHEN type = 'space' AND $7 <> '' THEN $7 ELSE sdk END WHERE id = $1::uuid";
constexpr const char* kStoreSettings = "UPDATE repos.repos SET private = $2, gated = $3 WHERE id = $1::uuid";

RepoRow read_row(const pqxx::row& r) {
  RepoRow row;
  row.id = r[0].as<std::string>();
  row.type = r[1].as<std::string>();
  row.ns = r[2].as<std::string>();
  row.name = r[3].as<std::string>();
  row.is_private = r[4].as<bool>();
  row.gated = r[5].as<std::string>();
  row.creator_id = r[6].as<std::string>();
  row.creator_name = r[7].as<std::string>();
  row.sdk = r[8].as<std::string>();
  row.head_sha = r[9].as<std::string>();
  row.created_at = r[10].as<std::string>();
  row.last_modified = r[11].as<std::string>();
  row.created_key = r[12].as<std::string>();
  row.modified_key = r[13].as<std::string>();
  if (auto tags = json::parse(r[14].as<std::string>()); tags && tags.value().IsArray()) {
    for (const auto& t : tags.value().GetArray()) {
      if (t.IsString()) row.tags.emplace_back(t.GetString(), t.GetStringLength());
    }
  }
  row.pipeline_tag = r[15].as<std::string>();
  row.library_name = r[16].as<std::string>();
  return row;
}

std::string uuid_array(const std::vector<std::string>& ids) {
  std::string out = "{";
  for (const auto& id : ids) {
    if (out.size() > 1) out += ',';
    out += id;  // UUIDs from auth, checked by the caller: no quoting needed
  }
  return out + "}";
}

}  // namespace

std::optional<RepoRow> find_repo_by_id(pqxx::transaction_base& tx, const std::string& id) {
  auto r = tx.exec_params(std::string("SELECT ") + kColumns + " FROM repos.repos WHERE id = $1::uuid", id);
  if (r.empty()) return std::nullopt;
  return read_row(r[0]);
}

std::optional<RepoRow> find_repo(pqxx::transaction_base& tx, const std::string& type, const std::string& ns,
                                 const std::string& name) {
  auto r = tx.exec_params(std::string("SELECT ") + kColumns +
                              " FROM repos.repos WHERE type = $1 AND lower(namespace) = lower($2) AND "
                              "lower(name) = lower($3)",
                          type, ns, name);
  if (r.empty()) return std::nullopt;
  return read_row(r[0]);
}

void insert_repo(pqxx::work& tx, const RepoRow& repo) {
  tx.exec_params(
      "INSERT INTO repos.repos (id, type, namespace, name, private, creator_id, creator_name, sdk, head_sha) "
      "VALUES ($1::uuid, $2, $3, $4, $5, NULLIF($6, '')::uuid, $7, NULLIF($8, ''), NULLIF($9, ''))",
      repo.id, repo.type, repo.ns, repo.name, repo.is_private, repo.creator_id, repo.creator_name, repo.sdk,
      repo.head_sha);
}

std::optional<std::int64_t> take_next_number(pqxx::work& tx, const std::string& id) {
  auto r = tx.exec_params(kNextNumber, id);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::int64_t>();
}

void rename_repo(pqxx::work& tx, const std::string& id, const std::string& ns, const std::string& name) {
  tx.exec_params(kRename, id, ns, name);
}

void store_settings(pqxx::work& tx, const std::string& id, bool is_private, const std::string& gated) {
  tx.exec_params(kStoreSettings, id, is_private, gated);
}

void delete_repo_row(pqxx::work& tx, const std::string& id) {
  tx.exec_params("DELETE FROM repos.repo_lfs_objects WHERE repo_id = $1::uuid", id);
  tx.exec_params("DELETE FROM repos.repos WHERE id = $1::uuid", id);
  tx.exec_params("INSERT INTO repos.deleted_repos (id) VALUES ($1::uuid) ON CONFLICT DO NOTHING", id);
}

namespace {

std::string json_list(const std::vector<std::string>& items) {
  json::Writer w;
  w.begin_array();
  for (const auto& item : items)
    w.value(item);
  w.end_array();
  return w.str();
}

}  // namespace

void store_card_facts(pqxx::work& tx, const std::string& id, const std::string& sha, const CardFacts& facts) {
  tx.exec_params(kStoreCardFacts, id, sha, json_list(facts.tags), facts.pipeline_tag.value_or(""),
                 facts.library_name.value_or(""), json_list(facts.languages), facts.sdk.value_or(""));
}

void touch_repo(pqxx::work& tx, const std::string& id, const std::string& head_sha) {
  tx.exec_params("UPDATE repos.repos SET head_sha = $2, last_modified = now() WHERE id = $1::uuid", id, head_sha);
}

std::string protection_document(pqxx::transaction_base& tx, const std::string& repo_id) {
  auto r = tx.exec_params(
      "SELECT json_build_object('rules', rules)::text FROM repos.protection WHERE repo_id = $1::uuid", repo_id);
  return r.empty() ? std::string(R"({"rules":[]})") : r[0][0].as<std::string>();
}

void store_protection(pqxx::work& tx, const std::string& repo_id, const std::string& document) {
  tx.exec_params(
      "INSERT INTO repos.protection (repo_id, rules) VALUES ($1::uuid, ($2::jsonb)->'rules') "
      "ON CONFLICT (repo_id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = now()",
      repo_id, document);
}

std::vector<RepoRow> list_repos(pqxx::transaction_base& tx, const ListQuery& q) {
  const std::string column = q.sort == "createdAt" ? "created_at" : "last_modified";
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM repos.repos WHERE type = $1 AND (NOT private OR id = ANY($2::uuid[])) "
                    "AND ($3 = '' OR strpos(lower(namespace || '/' || name), lower($3)) > 0) "
                    "AND ($4 = '' OR lower(namespace) = lower($4)) "
                    "AND tags @> ARRAY(SELECT json_array_elements_text($8::json)) "
                    "AND ($9 = '' OR pipeline_tag = $9) AND ($10 = '' OR library_name = $10 OR $10 = ANY(tags)) "
                    "AND ($11 = '' OR $11 = ANY(languages)) "
                    "AND ($5 = '' OR (" +
                    column + ", id) < ($5::timestamptz, NULLIF($6, '')::uuid)) ORDER BY " + column +
                    " DESC, id DESC LIMIT $7";
  auto rows = tx.exec_params(sql, q.type, uuid_array(q.private_ids), q.search, q.author, q.after_key, q.after_id,
                             static_cast<long>(q.limit), json_list(q.tags), q.pipeline_tag, q.library, q.language);
  std::vector<RepoRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(read_row(r));
  return out;
}

}  // namespace hub::repos
