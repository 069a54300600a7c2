#include "services/auth/domain/token_request.hpp"

#include <gtest/gtest.h>

#include "common/error/api_error.hpp"

namespace hub::auth {
namespace {

std::string canonical(std::string_view text) {
  auto doc = json::parse(text);
  return canonical_scopes(&doc.value());
}

}  // namespace

TEST(TokenRequest, ScopesAreWrittenBackCanonically) {
  EXPECT_EQ(canonical_scopes(nullptr), "[]");
  EXPECT_EQ(canonical(R"([ {"permissions": ["repo.write"], "entity": {"name": "acme", "type": "org", "x": 1}} ])"),
            R"([{"entity":{"type":"org","name":"acme"},"permissions":["repo.write"]}])");
}

TEST(TokenRequest, MalformedScopesAreRefused) {
  EXPECT_THROW(canonical(R"({"entity":{}})"), ApiError);
  EXPECT_THROW(canonical(R"(["org"])"), ApiError);
  EXPECT_THROW(canonical(R"([{"entity":{"type":"team","name":"a"},"permissions":[]}])"), ApiError);
  EXPECT_THROW(canonical(R"([{"entity":{"type":"model","name":""},"permissions":[]}])"), ApiError);
  EXPECT_THROW(canonical(R"([{"entity":{"type":"model","name":"a/b"},"permissions":["repo.delete"]}])"), ApiError);
}

TEST(TokenRequest, OnlyAFineGrainedTokenHasScopesAndItNeedsThem) {
  EXPECT_EQ(checked_token_role("fineGrained"), TokenRole::kFineGrained);
  EXPECT_THROW(checked_token_role("admin"), ApiError);
  const std::string some = R"([{"entity":{"type":"org","name":"acme"},"permissions":["repo.write"]}])";
  EXPECT_NO_THROW(check_scopes_fit(TokenRole::kFineGrained, some));
  EXPECT_THROW(check_scopes_fit(TokenRole::kFineGrained, "[]"), ApiError);
  EXPECT_NO_THROW(check_scopes_fit(TokenRole::kWrite, "[]"));
  EXPECT_THROW(check_scopes_fit(TokenRole::kRead, some), ApiError);
}

}  // namespace hub::auth
