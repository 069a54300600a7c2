#include "services/repos/domain/commit_status.hpp"

#include <gtest/gtest.h>

#include "common/error/api_error.hpp"
#include "tests/support/json_object.hpp"

namespace hub::repos {
namespace {

CommitStatus parsed(const std::string& text) {
  return parse_commit_status(test::json_object(text));
}

TEST(CommitStatus, DefaultsAndMetricsAreRead) {
  const CommitStatus s = parsed(R"({"state":"success","metrics":{"accuracy":0.91}})");
  EXPECT_EQ(s.context, "default");
  EXPECT_EQ(s.state, "success");
  EXPECT_EQ(s.metrics_json, R"({"accuracy":0.91})");
}

TEST(CommitStatus, BadFieldsAreRefusedWithTheirName) {
  EXPECT_THROW(parsed(R"({"state":"done"})"), ApiError);
  EXPECT_THROW(parsed(R"({"state":"success","context":""})"), ApiError);
  EXPECT_THROW(parsed(R"j({"state":"success","targetUrl":"javascript:alert(1)"})j"), ApiError);
  EXPECT_THROW(parsed(R"({"state":"success","metrics":{"loss":"low"}})"), ApiError);
  EXPECT_THROW(parsed(R"({"state":"success","metrics":[1]})"), ApiError);
}

TEST(CommitStatus, AnyFailureFailsAndAnyPendingWaits) {
  auto with = [](const std::vector<std::string>& states) {
    std::vector<CommitStatus> all;
    all.reserve(states.size());
    for (const auto& s : states)
      all.push_back(CommitStatus{.state = s});
    return std::string(combined_state(all));
  };
  EXPECT_EQ(with({}), "pending");
  EXPECT_EQ(with({"success", "success"}), "success");
  EXPECT_EQ(with({"success", "pending"}), "pending");
  EXPECT_EQ(with({"pending", "error"}), "failure");
  EXPECT_EQ(with({"failure", "pending", "success"}), "failure");
}

}  // namespace
}  // namespace hub::repos
