// Repos' internal endpoints, called as the other services call them (signed service identity):
// the #N sequence under concurrency, ref moves with compare-and-swap, comparisons and merges, and
// the per-tensor hashes of safetensors uploads. What pull-request review reads is in
// repos_review_reads_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <set>
#include <thread>

#include "common/crypto/sha256.hpp"
#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/base64.hpp"
#include "common/util/random.hpp"
#include "tests/support/git_shell.hpp"
#include "tests/support/internal_repo_calls.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::internal;
using test::Made;
using test::make_repo;
using test::put_file;
using test::via_gateway;

TEST(ReposInternal, NumbersAreUniqueUnderConcurrency) {
  auto a = test::new_account("in");
  Made r = make_repo(a);
  std::vector<std::thread> threads;
  std::vector<int> nums(16);
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto res = internal("POST", "/internal/repos/" + r.id + "/numbers");
      nums[i] = res.status == 200 ? json::parse_object(res.body).value()["num"].GetInt() : -1;
    });
  }
  for (auto& t : threads)
    t.join();
  std::sort(nums.begin(), nums.end());
  for (int i = 0; i < 16; ++i)
    EXPECT_EQ(nums[i], i + 1);
  EXPECT_EQ(internal("POST", "/internal/repos/" + std::string(36, '0') + "/numbers").status, 404);
  // Not for clients: the gateway does not route /internal/, and unsigned calls are refused.
  EXPECT_EQ(via_gateway("POST", "/internal/repos/" + r.id + "/numbers", a.session).status, 404);
}

TEST(ReposInternal, RefsMoveOnlyFromTheExpectedSha) {
  auto a = test::new_account("ir");
  Made r = make_repo(a);
  const std::string head = put_file(a, r, "main", "a.txt", "1");
  const std::string create = R"({"ref":"refs/pr/1","oldSha":null,"newSha":")" + head + R"(","actor":{"name":"bot"}})";
  EXPECT_EQ(internal("POST", "/internal/repos/" + r.id + "/refs", create).status, 200);
  EXPECT_EQ(internal("POST", "/internal/repos/" + r.id + "/refs", create).status, 412);
  EXPECT_EQ(internal("POST", "/internal/repos/" + r.id + "/refs",
                     R"({"ref":"refs/pr/1","oldSha":")" + std::string(40, 'b') + R"(","newSha":null})")
                .status,
            412);
  EXPECT_EQ(
      internal("POST", "/internal/repos/" + r.id + "/refs", R"({"ref":"HEAD","newSha":")" + head + R"("})").status,
      400);
  auto refs =
      json::parse_object(via_gateway("GET", "/api/models/" + r.path + "/refs?include_prs=1", a.session).body).value();
  ASSERT_EQ(refs["pullRequests"].Size(), 1U);
  EXPECT_EQ(std::string(refs["pullRequests"][0]["targetCommit"].GetString()), head);
  EXPECT_EQ(internal("POST", "/internal/repos/" + r.id + "/refs",
                     R"({"ref":"refs/pr/1","oldSha":")" + head + R"(","newSha":null})")
                .status,
            200);
}

TEST(ReposInternal, CompareAndMerge) {
  auto a = test::new_account("im");
  Made r = make_repo(a);
  const std::string base = put_file(a, r, "main", "shared.txt", "one\n");
  ASSERT_EQ(via_gateway("POST", "/api/models/" + r.path + "/branch/dev", a.session, "{}").status, 200);
  put_file(a, r, "dev", "new.txt", "new\n");
  const std::string dev = put_file(a, r, "dev", "shared.txt", "two\n");
  auto cmp = internal("GET", "/internal/repos/" + r.id + "/compare?base=main&head=dev");
  ASSERT_EQ(cmp.status, 200) << cmp.body;
  auto c = json::parse_object(cmp.body).value();
  EXPECT_EQ(std::string(c["mergeBase"].GetString()), base);
  ASSERT_EQ(c["files"].Size(), 2U);
  EXPECT_EQ(std::string(c["files"][0]["path"].GetString()), "new.txt");
  EXPECT_EQ(std::string(c["files"][0]["status"].GetString()), "added");
  EXPECT_EQ(std::string(c["files"][1]["status"].GetString()), "modified");
  EXPECT_EQ(c["commits"].Size(), 2U);

  const std::string main_now = put_file(a, r, "main", "other.txt", "main side\n");
  auto stale = internal("POST", "/internal/repos/" + r.id + "/merge",
                        R"({"baseRef":"refs/heads/main","expectedBase":")" + base + R"(","head":")" + dev + R"("})");
  EXPECT_EQ(stale.status, 412) << stale.body;
  auto ff = internal("POST", "/internal/repos/" + r.id + "/merge",
                     R"({"baseRef":"refs/heads/main","expectedBase":")" + main_now + R"(","head":")" + dev +
                         R"(","strategy":"fast-forward"})");
  EXPECT_EQ(ff.status, 409) << ff.body;
  auto merged = internal("POST", "/internal/repos/" + r.id + "/merge",
                         R"({"baseRef":"refs/heads/main","expectedBase":")" + main_now + R"(","head":")" + dev +
                             R"(","message":"Merge dev","actor":{"name":")" + a.name + R"("}})");
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(via_gateway("GET", "/" + r.path + "/resolve/main/shared.txt").body, "two\n");
  EXPECT_EQ(via_gateway("GET", "/" + r.path + "/resolve/main/other.txt").body, "main side\n");

  // Both sides change one line: a conflict, and main does not move.
  ASSERT_EQ(via_gateway("POST", "/api/models/" + r.path + "/branch/left", a.session, "{}").status, 200);
  const std::string left = put_file(a, r, "left", "shared.txt", "left\n");
  const std::string right = put_file(a, r, "main", "shared.txt", "right\n");
  auto conflict =
      internal("POST", "/internal/repos/" + r.id + "/merge",
               R"({"baseRef":"refs/heads/main","expectedBase":")" + right + R"(","head":")" + left + R"("})");
  ASSERT_EQ(conflict.status, 409) << conflict.body;
  EXPECT_EQ(std::string(json::parse_object(conflict.body).value()["conflicts"][0].GetString()), "shared.txt");
  EXPECT_EQ(via_gateway("GET", "/" + r.path + "/resolve/main/shared.txt").body, "right\n");
}

TEST(ReposInternal, SafetensorsUploadsAreHashedPerTensor) {
  auto a = test::new_account("is");
  Made r = make_repo(a);
  Made other = make_repo(a);
  const std::string header =
      R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}})";
  std::string file;
  for (int i = 0; i < 8; ++i)
    file.push_back(static_cast<char>(i == 0 ? header.size() : 0));
  file += header + std::string(16, 'W') + std::string(8, 'B');
  const std::string oid = crypto::sha256_hex(file);
  ASSERT_EQ(test::upload_lfs(a.session, r.path, file), 200);
  auto res = internal("GET", "/internal/repos/" + r.id + "/lfs/" + oid + "/tensors");
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = json::parse_object(res.body).value();
  ASSERT_EQ(doc["tensors"].Size(), 2U);
  EXPECT_EQ(std::string(doc["tensors"][0]["name"].GetString()), "b");
  EXPECT_EQ(std::string(doc["tensors"][0]["sha256"].GetString()), crypto::sha256_hex(std::string(8, 'B')));
  EXPECT_EQ(std::string(doc["tensors"][1]["sha256"].GetString()), crypto::sha256_hex(std::string(16, 'W')));
  EXPECT_EQ(doc["tensors"][1]["shape"].Size(), 2U);
  // Another repo never given the bytes learns nothing about them.
  EXPECT_EQ(internal("GET", "/internal/repos/" + other.id + "/lfs/" + oid + "/tensors").status, 404);
}

}  // namespace
}  // namespace hub
