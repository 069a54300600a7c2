// `hub-repos admin reindex` (what `./hub admin reindex` runs) on the stack's database and data: what
// the repos schema lost about a repo — its head, its LFS links, even for objects only its history
// names — comes back from git, with the event consumers missed; the git data a failed delete left
// is removed; a folder no repo names is reported and kept.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>

#include "common/crypto/sha256.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "common/util/uuid.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::via_gateway;

std::string lfs_line(const std::string& path, const std::string& bytes) {
  return R"({"key":"lfsFile","value":{"path":")" + path + R"(","algo":"sha256","oid":")" + crypto::sha256_hex(bytes) +
         R"(","size":)" + std::to_string(bytes.size()) + "}}";
}

struct AdminRun {
  int status;
  std::string output;
};

AdminRun reindex() {
  test::TempDir dir;
  test::Process p(test::program("hub-repos"), {"admin", "reindex"},
                  {{"HUB_PG_URL", test::hub_db_url()}, {"HUB_DATA_DIR", test::require_env("HUB_TEST_DATA_DIR")}},
                  dir.path() + "/out.log");
  auto status = p.wait(std::chrono::seconds(120));
  return {status.value_or(-1), p.log()};
}

TEST(ReposReindex, RebuildsHeadsAndLinksFromGit) {
  auto a = test::new_account("ri");
  const std::string name = "r" + util::random_id().substr(0, 10);
  const std::string path = a.name + "/" + name;
  ASSERT_EQ(via_gateway("POST", "/api/repos/create", a.session, R"({"name":")" + name + R"("})").status, 200);
  // One object only in the history (added, then deleted), one at the head.
  const std::string old_bytes = "an old checkpoint " + util::random_id();
  const std::string new_bytes = "the current checkpoint " + util::random_id();
  ASSERT_EQ(test::upload_lfs(a.session, path, old_bytes), 200);
  ASSERT_EQ(test::upload_lfs(a.session, path, new_bytes), 200);
  auto first = via_gateway("POST", "/api/models/" + path + "/commit/main", a.session,
                           R"({"key":"header","value":{"summary":"old"}})"
                           "\n" +
                               lfs_line("old.bin", old_bytes) + "\n",
                           "application/x-ndjson");
  ASSERT_EQ(first.status, 200) << first.body;
  auto second = via_gateway("POST", "/api/models/" + path + "/commit/main", a.session,
                            R"({"key":"header","value":{"summary":"new"}})"
                            "\n"
                            R"({"key":"deletedFile","value":{"path":"old.bin"}})"
                            "\n" +
                                lfs_line("new.bin", new_bytes) + "\n",
                            "application/x-ndjson");
  ASSERT_EQ(second.status, 200) << second.body;
  const std::string head = std::string(json::parse_object(second.body).value()["commitOid"].GetString());

  // The database forgets: the head and every link (as if restored from an older backup).
  pqxx::connection c(test::hub_db_url());
  std::string id;
  {
    pqxx::work tx(c);
    id = tx.exec_params("SELECT id::text FROM repos.repos WHERE namespace = $1 AND name = $2", a.name, name)[0][0]
             .as<std::string>();
    tx.exec_params("UPDATE repos.repos SET head_sha = NULL WHERE id = $1::uuid", id);
    tx.exec_params("DELETE FROM repos.repo_lfs_objects WHERE repo_id = $1::uuid", id);
    tx.commit();
  }
  // A failed delete's leftover, and a folder no repo names.
  const std::string data = test::require_env("HUB_TEST_DATA_DIR");
  const std::string deleted_id = util::uuid4(), stray_id = util::uuid4();
  std::filesystem::create_directories(data + "/repos/" + deleted_id + ".git/objects");
  std::filesystem::create_directories(data + "/repos/" + stray_id + ".git/objects");
  {
    pqxx::work tx(c);
    tx.exec_params("INSERT INTO repos.deleted_repos (id) VALUES ($1::uuid)", deleted_id);
    tx.commit();
  }

  AdminRun run = reindex();
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("head moved: " + path + " (none) -> " + head), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("linked: " + path + " " + crypto::sha256_hex(old_bytes)), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("linked: " + path + " " + crypto::sha256_hex(new_bytes)), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("removed the git data of deleted repo " + deleted_id), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("no repo names git data " + data + "/repos/" + stray_id + ".git"), std::string::npos)
      << run.output;
  EXPECT_FALSE(std::filesystem::exists(data + "/repos/" + deleted_id + ".git"));
  EXPECT_TRUE(std::filesystem::exists(data + "/repos/" + stray_id + ".git"));  // reported, never guessed at
  std::filesystem::remove_all(data + "/repos/" + stray_id + ".git");

  {
    pqxx::nontransaction tx(c);
    EXPECT_EQ(tx.exec_params("SELECT head_sha FROM repos.repos WHERE id = $1::uuid", id)[0][0].as<std::string>(), head);
    EXPECT_EQ(
        tx.exec_params("SELECT count(*) FROM repos.repo_lfs_objects WHERE repo_id = $1::uuid", id)[0][0].as<int>(), 2);
    // The update consumers never heard of is in the outbox.
    EXPECT_EQ(tx.exec_params("SELECT count(*) FROM repos.outbox WHERE payload->>'type' = 'repo.content' AND "
                             "payload->'repo'->>'id' = $1 AND payload->'data'->'updatedRefs'->0->>'newSha' = $2",
                             id, head)[0][0]
                  .as<int>(),
              2)  // the commit's own, and the reindex's
        << "outbox rows for the head";
  }
  // The API answers from the rebuilt row, and the object linked back downloads.
  auto info = via_gateway("GET", "/api/models/" + path, a.session);
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(std::string(json::parse_object(info.body).value()["sha"].GetString()), head);
  auto file = via_gateway("GET", "/" + path + "/resolve/main/new.bin", a.session);
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, new_bytes);

  // A second pass finds nothing left to repair here.
  AdminRun again = reindex();
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_EQ(again.output.find(path + " "), std::string::npos) << again.output;
}

TEST(ReposReindex, BadUsageChangesNothing) {
  test::TempDir dir;
  test::Process p(test::program("hub-repos"), {"admin", "reindex-everything"},
                  {{"HUB_PG_URL", test::hub_db_url()}, {"HUB_DATA_DIR", test::require_env("HUB_TEST_DATA_DIR")}},
                  dir.path() + "/out.log");
  EXPECT_EQ(p.wait(std::chrono::seconds(30)).value_or(-1), 2);
  EXPECT_NE(p.log().find("usage: hub-repos admin reindex"), std::string::npos) << p.log();
}

}  // namespace
}  // namespace hub
