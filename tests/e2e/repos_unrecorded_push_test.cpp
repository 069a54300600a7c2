// A push whose post-receive hook cannot reach PostgreSQL: git has already moved the refs, so the
// push succeeds, the hook writes it down, and the repos service records it (once, in order) when
// the database answers again. A repos process of its own reaches the stack's database through a
// forwarder that, while refusing, turns away new connections: the service's pool, opened at start,
// carries on, while the hook (a new connection per push) cannot connect.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <thread>

#include "common/crypto/sha256.hpp"
#include "common/json/json.hpp"
#include "common/util/base64.hpp"
#include "common/util/random.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/git_shell.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/tcp_forwarder.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

namespace fs = std::filesystem;
using test::eventually;

using test::sh;

http::ClientResponse call(const config::HostPort& at, const std::string& method, const std::string& target,
                          const std::string& token, const std::string& body = {},
                          const std::string& content_type = "application/json") {
  http::Client client(at);
  http::ClientRequest req;
  req.method = method;
  req.target = target;
  req.headers.set("Authorization", "Bearer " + token);
  if (!body.empty()) {
    req.body = body;
    req.headers.set("Content-Type", content_type);
  }
  return client.send(req);
}

// The stack's database URL with its host:port replaced by `address`.
std::string through(const std::string& url, const std::string& address) {
  const auto at = url.find('@');
  const auto slash = url.find('/', at);
  return url.substr(0, at + 1) + address + url.substr(slash);
}

std::uint16_t port_of(const std::string& url) {
  const auto at = url.find('@');
  const auto slash = url.find('/', at);
  return config::parse_host_port(url.substr(at + 1, slash - at - 1)).value().port;
}

// repo.content events of the repo `full_name` that name `ref`.
long long events_naming(const std::string& full_name, const std::string& ref) {
  pqxx::connection c(test::hub_db_url());
  pqxx::nontransaction tx(c);
  return tx
      .exec_params(
          "SELECT count(*) FROM repos.outbox WHERE type = 'repo.content' AND payload->'repo'->>'name' = $1 "
          "AND payload->'data'->'updatedRefs' @> jsonb_build_array(jsonb_build_object('ref', $2::text))",
          full_name, ref)[0][0]
      .as<long long>();
}

std::vector<fs::path> written_down(const std::string& data_dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(data_dir + "/unrecorded", ec))
    out.push_back(e.path());
  return out;
}

TEST(ReposUnrecordedPush, IsRecordedOnceTheDatabaseIsBackAndOnlyOnce) {
  const std::string db_url = test::hub_db_url();
  test::HeldForwarder to_pg(port_of(db_url));
  test::TempDir dir;
  const std::string data_dir = dir.path() + "/data";
  test::Process repos(test::program("hub-repos"), {},
                      {{"HUB_PG_URL", through(db_url, to_pg.address())},
                       {"HUB_REDIS_URL", test::require_env("HUB_TEST_REDIS_URL")},
                       {"HUB_INTERNAL_SECRET", test::stack_secret()},
                       {"HUB_LISTEN", "127.0.0.1:0"},
                       {"HUB_DATA_DIR", data_dir},
                       {"HUB_AUTH_URL", test::require_env("HUB_TEST_AUTH")},
                       {"HUB_DRAIN_DELAY", "0ms"}},
                      dir.path() + "/repos.log");
  const std::uint16_t repos_port = repos.wait_for_listen();
  test::ExtraGateway g(test::require_env("HUB_TEST_REDIS_URL"),
                       {{"HUB_REPOS_URL", "127.0.0.1:" + std::to_string(repos_port)}});

  const auto owner = test::new_account("up");
  const std::string name = "u" + util::random_id().substr(0, 10);
  const std::string full_name = owner.name + "/" + name;
  ASSERT_EQ(call(g.address(), "POST", "/api/repos/create", owner.session, R"({"name":")" + name + R"("})").status, 200);
  // The repo holds an LFS file: a later push that leaves it unchanged must not need the database to
  // check its pointer again (the hook checks only the pointers a push adds or changes).
  const std::string weights = "weights " + std::string(100, 'w');
  const std::string oid = crypto::sha256_hex(weights);
  auto batch =
      json::parse_object(call(g.address(), "POST", "/" + full_name + ".git/info/lfs/objects/batch", owner.session,
                              R"({"operation":"upload","objects":[{"oid":")" + oid + R"(","size":)" +
                                  std::to_string(weights.size()) + "}]}",
                              "application/vnd.git-lfs+json")
                             .body);
  ASSERT_TRUE(batch);
  const std::string href = batch.value()["objects"][0]["actions"]["upload"]["href"].GetString();
  ASSERT_EQ(
      call(g.address(), "PUT", test::local_target(href), owner.session, weights, "application/octet-stream").status,
      200);
  auto made = call(g.address(), "POST", "/api/models/" + full_name + "/commit/main", owner.session,
                   R"({"key":"header","value":{"summary":"first"}})"
                   "\n"
                   R"({"key":"file","value":{"path":"a.txt","content":")" +
                       util::base64_encode("a") +
                       R"(","encoding":"base64"}})"
                       "\n"
                       R"({"key":"lfsFile","value":{"path":"model.bin","algo":"sha256","oid":")" +
                       oid + R"(","size":)" + std::to_string(weights.size()) + "}}",
                   "application/x-ndjson");
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string remote =
      "http://" + owner.name + ":" + owner.session + "@127.0.0.1:" + std::to_string(g.address().port) + "/" + full_name;
  ASSERT_EQ(sh(dir.path(), "GIT_LFS_SKIP_SMUDGE=1 git clone -q " + remote + " work").status, 0);

  const long long main_events = events_naming(full_name, "refs/heads/main");

  // The database turns away new connections: the push lands all the same, and is written down.
  to_pg.refuse_new(true);
  auto push = sh(dir.path() + "/work",
                 "echo b > b.txt && git add b.txt && git commit -qm b && git push -q origin main && "
                 "git push -q origin HEAD:refs/heads/late");
  ASSERT_EQ(push.status, 0) << push.output;
  EXPECT_NE(push.output.find("database is back"), std::string::npos) << push.output;
  const std::string pushed = sh(dir.path() + "/work", "git rev-parse HEAD").output.substr(0, 40);

  // Back: both are recorded (the service's own connections, opened before, may already have done
  // it), in the order they landed, and main's head is the pushed commit.
  to_pg.refuse_new(false);
  ASSERT_TRUE(eventually([&] { return written_down(data_dir).empty(); }, std::chrono::seconds(10))) << repos.log();
  EXPECT_EQ(events_naming(full_name, "refs/heads/main"), main_events + 1);
  EXPECT_EQ(events_naming(full_name, "refs/heads/late"), 1);
  pqxx::connection c(test::hub_db_url());
  pqxx::nontransaction tx(c);
  auto late = tx.exec_params(
      "SELECT event_id::text, payload->>'occurredAt', id, payload->'repo'->>'id', (SELECT max(id) FROM repos.outbox "
      "WHERE "
      "payload->'repo'->>'name' = $1 AND payload->'data'->'updatedRefs' @> '[{\"ref\":\"refs/heads/main\"}]') "
      "FROM repos.outbox WHERE payload->'repo'->>'name' = $1 AND "
      "payload->'data'->'updatedRefs' @> '[{\"ref\":\"refs/heads/late\"}]'",
      full_name);
  ASSERT_EQ(late.size(), 1U);
  EXPECT_LT(late[0][4].as<long long>(), late[0][2].as<long long>()) << "main's push was recorded first";
  auto info = json::parse_object(call(g.address(), "GET", "/api/models/" + full_name, owner.session).body).value();
  EXPECT_EQ(std::string(info["sha"].GetString()), pushed);

  // Offered again (as after a crash between recording and removing it): removed, not recorded twice.
  const std::string event_id = late[0][0].as<std::string>();
  const std::string repo_id = late[0][3].as<std::string>();
  const std::string again = R"({"eventId":")" + event_id + R"(","occurredAt":")" + late[0][1].as<std::string>() +
                            R"(","repoId":")" + repo_id + R"(","actorId":")" + owner.id + R"(","actorName":")" +
                            owner.name + R"(","updatedRefs":[{"ref":"refs/heads/late","oldSha":"","newSha":")" +
                            pushed + R"("}]})";
  const std::string temp = data_dir + "/unrecorded/.again.tmp";  // the service skips dot files
  std::ofstream(temp) << again;
  fs::rename(temp, data_dir + "/unrecorded/1-" + repo_id + "-" + event_id + ".json");
  ASSERT_TRUE(eventually([&] { return written_down(data_dir).empty(); }, std::chrono::seconds(10))) << repos.log();
  EXPECT_EQ(events_naming(full_name, "refs/heads/late"), 1);
  EXPECT_EQ(repos.log().find("cannot be read"), std::string::npos);
}

}  // namespace
}  // namespace hub
