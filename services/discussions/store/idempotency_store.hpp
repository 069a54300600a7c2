#pragma once
// SQL over discussions.idempotent_answers: what a POST with an Idempotency-Key did, claimed in the
// transaction of the change.
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace hub::discussions {

struct EarlierAnswer {
  std::string request_hash;
  std::string result;
};

// Claims (user, key) for this request; nullopt when claimed now, else what the earlier request with
// that key recorded (waiting for a concurrent one to commit first).
std::optional<EarlierAnswer> claim_key(pqxx::work& tx, const std::string& user_id, const std::string& key,
                                       const std::string& request_hash);
// What an earlier request with (user, key) recorded, without claiming anything.
std::optional<EarlierAnswer> earlier_answer(pqxx::transaction_base& tx, const std::string& user_id,
                                            const std::string& key);
void record_result(pqxx::work& tx, const std::string& user_id, const std::string& key, const std::string& result);

}  // namespace hub::discussions
