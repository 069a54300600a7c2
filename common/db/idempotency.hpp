#pragma once
// What a POST with an Idempotency-Key did, in the service schema's `idempotent_answers` table (by
// caller and key: the request's hash and what it made, e.g. a number or an id), claimed in the
// transaction of the change, so a retry finds the first answer and never does the change twice.
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/http/idempotency.hpp"

namespace hub::db {

// What an earlier request with this key recorded, without claiming anything: nullopt for none (or
// none recorded yet); 422 when the key was used for another request.
std::optional<std::string> earlier_answer(pqxx::transaction_base& tx, std::string_view schema,
                                          const std::string& user_id, const http::IdempotencyKey& idem);
// Claims the key for this request (nothing without a key): nullopt when claimed now, else what the
// earlier request recorded (waiting for a concurrent one to commit first); 422 as above.
std::optional<std::string> claim_answer(pqxx::work& tx, std::string_view schema, const std::string& user_id,
                                        const http::IdempotencyKey* idem);
// What this request made, for the retries to answer with (nothing without a key).
void record_answer(pqxx::work& tx, std::string_view schema, const std::string& user_id,
                   const http::IdempotencyKey* idem, const std::string& result);

}  // namespace hub::db
