#pragma once
// auth.tokens: SQL only. Each function runs in the caller's transaction; secrets arrive as their
// digest (domain/token_format.hpp), never in clear.
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "services/auth/domain/decide.hpp"
#include "services/auth/domain/token_kinds.hpp"

namespace hub::auth {

// The SQL condition of a live token, for queries that alias auth.tokens `t`: not revoked, not expired.
inline constexpr std::string_view kLiveToken =
    "t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())";
// RFC 3339 UTC with milliseconds, as SQL renders it (to_char).
inline constexpr std::string_view kRfc3339 = R"(YYYY-MM-DD"T"HH24:MI:SS.MS"Z")";

struct NewToken {
  std::string id;
  std::string user_id;
  std::string_view kind;
  std::string_view display_name;
  std::string_view role;
  std::string_view scoped_json;
  std::string digest;                        // of the secret
  std::optional<std::int64_t> expires_unix;  // unset: never expires
};
void insert_token(pqxx::work& tx, const NewToken& token);

// The live token with this digest, and its user.
std::optional<LiveToken> find_live_token_by_digest(pqxx::transaction_base& tx, std::string_view digest);
// The live token with this id as a caller of a decision.
std::optional<CallerToken> find_live_caller(pqxx::transaction_base& tx, const std::string& token_id);
// The live token `token_id` of `user_id`, as a caller.
std::optional<CallerToken> find_live_caller_of(pqxx::transaction_base& tx, const std::string& token_id,
                                               const std::string& user_id);
// The token `token_id` of `user_id`, live or not (a request carrying it was let in moments ago).
std::optional<TokenReach> find_token_reach(pqxx::transaction_base& tx, const std::string& token_id,
                                           const std::string& user_id);

// An access token as the settings API shows it (times in RFC 3339).
struct TokenListing {
  std::string id;
  std::string display_name;
  std::string role;
  std::string scoped_json;
  std::string created_at;
  std::optional<std::string> expires_at;
};
std::vector<TokenListing> live_access_tokens(pqxx::transaction_base& tx, const std::string& user_id);
TokenListing token_listing(pqxx::transaction_base& tx, const std::string& token_id);

// What whoami shows of the token in use.
struct TokenDetails {
  std::string kind;
  std::string display_name;
  std::string role;
  std::string scoped_json;
  std::string created_at;  // RFC 3339
  std::optional<std::int64_t> expires_unix;
};
std::optional<TokenDetails> token_details(pqxx::transaction_base& tx, const std::string& token_id,
                                          const std::string& user_id);

// Revokes `user_id`'s live token `token_id`; false when there is none.
bool revoke_token(pqxx::work& tx, const std::string& token_id, const std::string& user_id);
// Revokes the live session `token_id` of `user_id`, if it is one.
void revoke_session(pqxx::work& tx, const std::string& token_id, const std::string& user_id);
// Revokes every live session of `user_id`.
void revoke_sessions_of(pqxx::work& tx, const std::string& user_id);
// Revokes the live token with this digest; the users whose token it was.
std::vector<std::string> revoke_by_digest(pqxx::work& tx, std::string_view digest);

}  // namespace hub::auth
