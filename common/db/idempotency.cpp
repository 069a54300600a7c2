#include "common/db/idempotency.hpp"

#include "common/error/api_error.hpp"

namespace hub::db {
namespace {

std::string table(pqxx::transaction_base& tx, std::string_view schema) {
  return tx.quote_name(std::string(schema)) + ".idempotent_answers";
}

std::optional<std::string> replayed(const pqxx::result& rows, const http::IdempotencyKey& idem) {
  if (rows.empty()) return std::nullopt;
  if (rows[0][0].as<std::string>() != idem.request_hash) {
    throw ApiError(ErrorCode::kUnprocessable, "this Idempotency-Key was used for another request");
  }
  return rows[0][1].as<std::string>();
}

pqxx::result earlier(pqxx::transaction_base& tx, std::string_view schema, const std::string& user_id,
                     const std::string& key) {
  return tx.exec_params(
      "SELECT request_hash, result FROM " + table(tx, schema) + " WHERE user_id = $1::uuid AND key = $2", user_id, key);
}

}  // namespace

std::optional<std::string> earlier_answer(pqxx::transaction_base& tx, std::string_view schema,
                                          const std::string& user_id, const http::IdempotencyKey& idem) {
  auto answer = replayed(earlier(tx, schema, user_id, idem.key), idem);
  if (answer && answer->empty()) return std::nullopt;
  return answer;
}

std::optional<std::string> claim_answer(pqxx::work& tx, std::string_view schema, const std::string& user_id,
                                        const http::IdempotencyKey* idem) {
  if (idem == nullptr) return std::nullopt;
  // ON CONFLICT waits for a concurrent claim of the same key to commit or roll back.
  const auto claimed = tx.exec_params("INSERT INTO " + table(tx, schema) +
                                          " (user_id, key, request_hash) VALUES ($1::uuid, $2, $3) "
                                          "ON CONFLICT (user_id, key) DO NOTHING",
                                      user_id, idem->key, idem->request_hash);
  if (claimed.affected_rows() > 0) return std::nullopt;
  return replayed(earlier(tx, schema, user_id, idem->key), *idem);
}

void record_answer(pqxx::work& tx, std::string_view schema, const std::string& user_id,
                   const http::IdempotencyKey* idem, const std::string& result) {
  if (idem == nullptr) return;
  tx.exec_params("UPDATE " + table(tx, schema) + " SET result = $3 WHERE user_id = $1::uuid AND key = $2", user_id,
                 idem->key, result);
}

}  // namespace hub::db
