// Repos under faults: auth unreachable while a repo is created (a clean 503, and neither a row nor
// git data is left behind), and transfers cut off half-way (an LFS upload, a commit), which change
// nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <pqxx/pqxx>
#include <thread>

#include "common/crypto/sha256.hpp"
#include "common/json/json.hpp"
#include "common/util/base64.hpp"
#include "common/util/random.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/extra_service.hpp"
#include "tests/support/process.hpp"
#include "tests/support/raw_connection.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::via_gateway;

TEST(ReposFaults, AuthUnreachableWhileCreatingLeavesNothing) {
  // A second repos process on the stack's database and Redis, whose auth is an address nobody serves.
  test::ExtraService repos("hub-repos", {{"HUB_AUTH_URL", "127.0.0.1:1"}});
  test::ExtraGateway gateway(test::require_env("HUB_TEST_REDIS_URL"), {{"HUB_REPOS_URL", repos.address()}});
  auto a = test::new_account("fa");
  const std::string name = "f" + util::random_id().substr(0, 10);
  http::Client client(gateway.address());
  http::ClientRequest req;
  req.method = "POST";
  req.target = "/api/repos/create";
  req.headers.set("Authorization", "Bearer " + a.session);
  req.headers.set("Content-Type", "application/json");
  req.body = R"({"name":")" + name + R"("})";
  auto res = client.send(req);
  EXPECT_EQ(res.status, 503) << res.body;
  EXPECT_TRUE(json::parse_object(res.body).ok());
  pqxx::connection c(test::hub_db_url());
  pqxx::nontransaction tx(c);
  EXPECT_EQ(tx.exec_params("SELECT count(*) FROM repos.repos WHERE namespace = $1", a.name)[0][0].as<int>(), 0);
  EXPECT_EQ(
      tx.exec_params("SELECT count(*) FROM repos.outbox WHERE payload->'repo'->>'name' = $1", a.name + "/" + name)[0][0]
          .as<int>(),
      0);
  std::size_t left = 0;
  for (const auto& e : std::filesystem::directory_iterator(repos.data_dir() + "/repos")) {
    (void)e;
    ++left;
  }
  EXPECT_EQ(left, 0U) << "git data left behind";
  // The stack's own repos, with its auth, still creates it.
  EXPECT_EQ(via_gateway("POST", "/api/repos/create", a.session, req.body).status, 200);
}

TEST(ReposFaults, TransfersCutHalfWayChangeNothing) {
  auto a = test::new_account("fc");
  const std::string name = "c" + util::random_id().substr(0, 10);
  ASSERT_EQ(via_gateway("POST", "/api/repos/create", a.session, R"({"name":")" + name + R"("})").status, 200);
  const std::string path = a.name + "/" + name;
  const std::string head =
      json::parse_object(via_gateway("GET", "/api/models/" + path, a.session).body).value()["sha"].GetString();

  // An LFS upload that stops half-way: nothing stored, nothing linked.
  const std::string bytes(200000, 'z');
  const std::string oid = crypto::sha256_hex(bytes);
  const std::string batch_body = R"({"operation":"upload","objects":[{"oid":")" + oid + R"(","size":200000}]})";
  auto batch = json::parse_object(via_gateway("POST", "/" + path + ".git/info/lfs/objects/batch", a.session, batch_body,
                                              "application/vnd.git-lfs+json")
                                      .body)
                   .value();
  const std::string href = batch["objects"][0]["actions"]["upload"]["href"].GetString();
  const std::string target = href.substr(href.find('/', href.find("://") + 3));
  {
    test::RawConnection conn(test::stack_gateway());
    conn.send("PUT " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n" + bytes.substr(0, 100000));
  }
  // The commit that would use it: the object is not this repo's.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto again = json::parse_object(via_gateway("POST", "/" + path + ".git/info/lfs/objects/batch", a.session, batch_body,
                                              "application/vnd.git-lfs+json")
                                      .body)
                   .value();
  EXPECT_TRUE(again["objects"][0].HasMember("actions")) << "a half upload was kept";
  const std::string lfs_dir =
      test::require_env("HUB_TEST_DATA_DIR") + "/lfs/" + oid.substr(0, 2) + "/" + oid.substr(2, 2) + "/" + oid;
  EXPECT_FALSE(std::filesystem::exists(lfs_dir));

  // A commit whose body stops half-way: the branch does not move.
  const std::string line = R"({"key":"file","value":{"path":"half.txt","content":")" +
                           util::base64_encode(std::string(50000, 'h')) + R"(","encoding":"base64"}})";
  const std::string body = R"({"key":"header","value":{"summary":"half"}})"
                           "\n" +
                           line + "\n";
  {
    test::RawConnection conn(test::stack_gateway());
    conn.send("POST /api/models/" + path + "/commit/main HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + a.session +
              "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
              body.substr(0, body.size() / 2));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(
      std::string(
          json::parse_object(via_gateway("GET", "/api/models/" + path, a.session).body).value()["sha"].GetString()),
      head);
  EXPECT_EQ(via_gateway("GET", "/" + path + "/resolve/main/half.txt", a.session).status, 404);
}

}  // namespace
}  // namespace hub

namespace hub {
namespace {

TEST(ReposFaults, ObjectsOfDeletedReposAreCollected) {
  auto a = test::new_account("fg");
  const std::string gone = "g" + util::random_id().substr(0, 10), kept = "k" + util::random_id().substr(0, 10);
  for (const auto& n : {gone, kept}) {
    ASSERT_EQ(via_gateway("POST", "/api/repos/create", a.session, R"({"name":")" + n + R"("})").status, 200);
  }
  const std::string only_gone = "only in the deleted repo " + util::random_id();
  const std::string shared = "in both repos " + util::random_id();
  ASSERT_EQ(test::upload_lfs(a.session, a.name + "/" + gone, only_gone), 200);
  ASSERT_EQ(test::upload_lfs(a.session, a.name + "/" + gone, shared), 200);
  ASSERT_EQ(test::upload_lfs(a.session, a.name + "/" + kept, shared), 200);
  ASSERT_EQ(via_gateway("DELETE", "/api/repos/delete", a.session, R"({"name":")" + gone + R"("})").status, 200);
  const std::string data = test::require_env("HUB_TEST_DATA_DIR");
  auto file_of = [&](const std::string& bytes) {
    const std::string oid = crypto::sha256_hex(bytes);
    return data + "/lfs/" + oid.substr(0, 2) + "/" + oid.substr(2, 2) + "/" + oid;
  };
  ASSERT_TRUE(std::filesystem::exists(file_of(only_gone)));
  // A repos process on the stack's store that collects every second with no grace period.
  test::TempDir logs;
  test::Process collector(test::program("hub-repos"), {},
                          {{"HUB_PG_URL", test::hub_db_url()},
                           {"HUB_REDIS_URL", test::require_env("HUB_TEST_REDIS_URL")},
                           {"HUB_INTERNAL_SECRET", test::stack_secret()},
                           {"HUB_LISTEN", "127.0.0.1:0"},
                           {"HUB_DATA_DIR", data},
                           {"HUB_DRAIN_DELAY", "0ms"},
                           {"HUB_LFS_GC_INTERVAL", "1s"},
                           {"HUB_LFS_GC_GRACE", "0ms"}},
                          logs.path() + "/repos.log");
  collector.wait_for_listen();
  for (int i = 0; i < 100 && std::filesystem::exists(file_of(only_gone)); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(std::filesystem::exists(file_of(only_gone))) << collector.log();
  EXPECT_TRUE(std::filesystem::exists(file_of(shared)));
  EXPECT_EQ(via_gateway("GET", "/api/models/" + a.name + "/" + kept, a.session).status, 200);
  pqxx::connection c(test::hub_db_url());
  pqxx::nontransaction tx(c);
  EXPECT_EQ(tx.exec_params("SELECT count(*) FROM repos.lfs_objects WHERE oid = $1", crypto::sha256_hex(only_gone))[0][0]
                .as<int>(),
            0);
}

}  // namespace
}  // namespace hub
