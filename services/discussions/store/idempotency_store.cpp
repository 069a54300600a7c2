#include "services/discussions/store/idempotency_store.hpp"

namespace hub::discussions {
namespace {

// ON CONFLICT waits for a concurrent claim of the same key to commit or roll back.
constexpr const char* kClaim =
    "INSERT INTO discussions.idempotent_answers (user_id, key, request_hash) VALUES ($1::uuid, $2, $3) "
    "ON CONFLICT (user_id, key) DO NOTHING";
constexpr const char* kEarlier =
    "SELECT request_hash, result FROM discussions.idempotent_answers WHERE user_id = $1::uuid AND key = $2";
constexpr const char* kRecord =
    "UPDATE discussions.idempotent_answers SET result = $3 WHERE user_id = $1::uuid AND key = $2";

}  // namespace

std::optional<EarlierAnswer> claim_key(pqxx::work& tx, const std::string& user_id, const std::string& key,
                                       const std::string& request_hash) {
  if (tx.exec_params(kClaim, user_id, key, request_hash).affected_rows() > 0) return std::nullopt;
  auto rows = tx.exec_params(kEarlier, user_id, key);
  if (rows.empty()) return std::nullopt;  // (the row cannot vanish while referenced; defensive)
  return EarlierAnswer{rows[0][0].as<std::string>(), rows[0][1].as<std::string>()};
}

std::optional<EarlierAnswer> earlier_answer(pqxx::transaction_base& tx, const std::string& user_id,
                                            const std::string& key) {
  auto rows = tx.exec_params(kEarlier, user_id, key);
  if (rows.empty()) return std::nullopt;
  return EarlierAnswer{rows[0][0].as<std::string>(), rows[0][1].as<std::string>()};
}

void record_result(pqxx::work& tx, const std::string& user_id, const std::string& key, const std::string& result) {
  tx.exec_params(kRecord, user_id, key, result);
}

}  // namespace hub::discussions
