// The hub through PgBouncer (docs/pgbouncer.md), with Debian's PgBouncer 1.18 on loopback: the
// services' pools through a transaction-mode pool of fewer server connections than they have
// clients, with named prepared statements off (HUB_PG_PREPARED=off); the outbox relays and
// migrations through a session-mode pool (HUB_PG_SESSION_URL). A private stack does real work
// through it — accounts, a repo, a commit, a git push, a discussion and comments that reach the
// inbox through the relays — and the test reads from PgBouncer and PostgreSQL that the traffic went
// through the pools it was meant to, within their sizes.
#include "tests/support/pgbouncer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "tests/support/eventually.hpp"
#include "tests/support/git_shell.hpp"
#include "tests/support/private_stack.hpp"

namespace hub {
namespace {

using namespace std::chrono_literals;

constexpr int kTransactionServers = 2;  // against the four services' 32 pooled connections
constexpr int kSessionServers = 6;      // the four relays, and room for a migration
constexpr int kComments = 24;
const std::vector<std::string> kSchemas = {"auth", "repos", "discussions", "notifications"};

std::vector<test::BouncerPool> pools() {
  return {{"hub", "transaction", kTransactionServers}, {"hub_session", "session", kSessionServers}};
}

test::Env through(const test::PgBouncer& bouncer) {
  return {{"HUB_PG_URL", bouncer.url("hub")},
          {"HUB_PG_SESSION_URL", bouncer.url("hub_session")},
          {"HUB_PG_PREPARED", "off"}};
}

std::string database_name(const std::string& url) {
  return url.substr(url.rfind('/') + 1);
}

// PostgreSQL's client backends on `db` now.
std::set<int> backends(const std::string& db) {
  pqxx::connection admin(test::require_env("HUB_TEST_PG_ADMIN_URL"));
  pqxx::nontransaction tx(admin);
  std::set<int> out;
  for (const auto& r :
       tx.exec_params("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'", db))
    out.insert(r[0].as<int>());
  return out;
}

// The backend pids of PgBouncer's server connections of `pool`.
std::set<int> server_pids(const test::PgBouncer& bouncer, const std::string& pool) {
  std::set<int> out;
  for (const auto& s : bouncer.show("SHOW SERVERS", pool))
    out.insert(std::stoi(s.at("remote_pid")));
  return out;
}

// Which backend holds each schema's relay lock (common/events/relay.cpp), 0 for none.
std::map<std::string, int> relay_lock_holders(const std::string& db) {
  pqxx::connection admin(test::require_env("HUB_TEST_PG_ADMIN_URL"));
  pqxx::nontransaction tx(admin);
  std::map<std::string, int> out;
  for (const auto& schema : kSchemas) {
    // A bigint advisory key shows in pg_locks as its high half (classid) and low half (objid).
    auto r = tx.exec_params(
        "SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = $1) "
        "AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($2, 0)",
        db, "hub.relay." + schema);
    out[schema] = r.empty() ? 0 : r[0][0].as<int>();
  }
  return out;
}

// Samples, while the work runs, the most server connections PostgreSQL saw on the database.
class BackendSampler {
 public:
  explicit BackendSampler(std::string db) : db_(std::move(db)) {
    thread_ = std::thread([this] {
      while (!stop_) {
        most_ = std::max(most_.load(), backends(db_).size());
        std::this_thread::sleep_for(100ms);
      }
    });
  }
  ~BackendSampler() {
    stop_ = true;
    thread_.join();
  }
  std::size_t most() const { return most_; }

 private:
  std::string db_;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> most_{0};
  std::thread thread_;
};

TEST(PgBouncer, TheHubWorksThroughATransactionPool) {
  std::unique_ptr<test::PgBouncer> bouncer;  // outlives the stack, whose processes are its clients
  test::PrivateStack stack({}, [&](const std::string& db_url) {
    bouncer = std::make_unique<test::PgBouncer>(db_url, pools());
    return through(*bouncer);
  });
  const std::string db = database_name(stack.db_url());
  BackendSampler sampler(db);

  // Accounts, a repo, a commit through the API and one through git (the push hooks connect by
  // themselves, through the transaction pool too).
  const auto ada = stack.new_account("pa");
  const auto bob = stack.new_account("pb");
  const auto repo = stack.new_repo(ada);
  auto commit = test::via(stack.gateway(), "POST", repo.api() + "/commit/main", ada.session,
                          test::commit_header_line("card") + "\n" + test::commit_file_line("README.md", "# pooled\n"),
                          "application/x-ndjson");
  ASSERT_EQ(commit.status, 200) << commit.body;
  test::TempDir dir;
  const auto gw = stack.gateway();
  const std::string url = "http://x:" + ada.session + "@" + gw.str() + "/" + repo.path();
  auto push = test::sh(dir.path(), "git clone -q " + url +
                                       " work && cd work && echo pushed > git.txt && git add git.txt "
                                       "&& git commit -qm \"through the pooler\" && git push -q origin main");
  ASSERT_EQ(push.status, 0) << push.output;
  const std::string pushed = test::sh(dir.path() + "/work", "git rev-parse HEAD").output.substr(0, 40);
  EXPECT_TRUE(test::eventually(
      [&] {
        return stack.call("GET", repo.api() + "/revision/main", ada.session).body.find(pushed) != std::string::npos;
      },
      20s))
      << "the push was recorded";

  // bob opens a thread, ada answers it from four clients at once: each comment is an outbox event
  // the discussions relay publishes, and an item the notifications service writes to bob's inbox.
  auto opened = json::parse_object(stack
                                       .call("POST", repo.api() + "/discussions", bob.session,
                                             R"({"title":"Pooled?","description":"through PgBouncer"})")
                                       .body);
  ASSERT_TRUE(opened);
  const std::string comment =
      repo.api() + "/discussions/" + std::to_string(opened.value()["num"].GetInt64()) + "/comment";
  std::atomic<int> accepted{0};
  std::vector<std::thread> posters;
  for (int p = 0; p < 4; ++p) {
    posters.emplace_back([&, p] {
      for (int i = p; i < kComments; i += 4)
        accepted +=
            stack.call("POST", comment, ada.session, R"({"comment":"answer )" + std::to_string(i) + R"("})").status ==
            200;
    });
  }
  for (auto& t : posters)
    t.join();
  EXPECT_EQ(accepted.load(), kComments);
  std::int64_t unread = 0;
  EXPECT_TRUE(test::eventually(
      [&] {
        auto count = json::parse_object(stack.call("GET", "/api/notifications/unread-count", bob.session).body);
        unread = count ? count.value()["unread"].GetInt64() : 0;
        return unread >= kComments;
      },
      30s))
      << "bob's inbox has " << unread;

  // With every server connection of the transaction pool held by the test, a request that reads
  // the database waits in PgBouncer's queue (it would not if any service went around it), and goes
  // on as soon as one is free.
  {
    std::vector<std::unique_ptr<pqxx::connection>> holders;
    std::vector<std::unique_ptr<pqxx::work>> held;
    for (int i = 0; i < kTransactionServers; ++i) {
      holders.push_back(std::make_unique<pqxx::connection>(bouncer->url("hub")));
      held.push_back(std::make_unique<pqxx::work>(*holders.back()));
      held.back()->exec("SELECT 1");
    }
    auto list = std::async(std::launch::async, [&] { return stack.call("GET", repo.api() + "/discussions"); });
    EXPECT_TRUE(test::eventually(
        [&] {
          auto pool = bouncer->show("SHOW POOLS", "hub");
          return !pool.empty() && std::stoi(pool[0].at("cl_waiting")) > 0;
        },
        10s))
        << "a service's transaction waits for a server connection";
    EXPECT_EQ(list.wait_for(0s), std::future_status::timeout) << "no answer while every server is taken";
    for (auto& tx : held)
      tx->commit();
    ASSERT_EQ(list.wait_for(20s), std::future_status::ready);
    EXPECT_EQ(list.get().status, 200);
  }

  // What PgBouncer saw: many clients, few servers, every transaction through the pool.
  const auto clients = bouncer->show("SHOW CLIENTS", "hub");
  EXPECT_GT(clients.size(), static_cast<std::size_t>(4 * kTransactionServers)) << "the services' pooled connections";
  const auto servers = bouncer->show("SHOW SERVERS", "hub");
  EXPECT_GE(servers.size(), 1u);
  EXPECT_LE(servers.size(), static_cast<std::size_t>(kTransactionServers));
  const auto stats = bouncer->show("SHOW STATS", "hub");
  ASSERT_EQ(stats.size(), 1u);
  // At least each comment's own transaction in discussions and one in notifications (its consumer or
  // its fan-out): a floor from the work itself, not from how much else the services happen to do.
  EXPECT_GE(std::stoll(stats[0].at("total_xact_count")), 2 * kComments)
      << "the work's transactions went through the pool";
  EXPECT_GT(std::stoll(stats[0].at("total_wait_time")), 0) << "clients queued for a server connection";

  // What PostgreSQL saw: no backend on the database that is not one of PgBouncer's, never more
  // than the two pools hold.
  const auto now = backends(db);
  std::set<int> pooled = server_pids(*bouncer, "hub");
  const std::set<int> session = server_pids(*bouncer, "hub_session");
  pooled.insert(session.begin(), session.end());
  for (int pid : now)
    EXPECT_TRUE(pooled.count(pid)) << "backend " << pid << " did not come through PgBouncer";
  EXPECT_LE(sampler.most(), static_cast<std::size_t>(kTransactionServers + kSessionServers));

  // Each relay holds its advisory lock in a session of the session pool: in a server connection
  // of the transaction pool it would outlast the transaction and stay with whichever client that
  // connection serves next.
  for (const auto& [schema, pid] : relay_lock_holders(db)) {
    EXPECT_NE(pid, 0) << schema << "'s relay holds no lock";
    EXPECT_TRUE(session.count(pid)) << schema << "'s relay lock is held by backend " << pid
                                    << ", not a server connection of the session pool";
  }
  std::cout << "[ figures  ] " << clients.size() << " client connections over " << servers.size()
            << " server connections; " << stats[0].at("total_xact_count") << " transactions, "
            << std::stoll(stats[0].at("total_wait_time")) / 1000 << " ms waited in all; at most " << sampler.most()
            << " backends on the database\n";
}

TEST(PgBouncer, MigrationsRunThroughTheSessionPool) {
  // An empty database, every service's migrations: through the session pool, since the transaction
  // pool's URL leads nowhere. Migrations hold a session advisory lock from first to last.
  test::EmptyDatabase db;
  test::PgBouncer bouncer(db.url(), pools());
  test::TempDir dir;
  for (const std::string name : {"auth", "repos", "discussions", "pulls", "bugs", "notifications"}) {
    test::Process migrate(test::program("hub-" + name), {"--migrate"},
                          {{"HUB_PG_URL", "postgresql://hub@127.0.0.1:1/nowhere"},
                           {"HUB_PG_SESSION_URL", bouncer.url("hub_session")},
                           {"HUB_PG_PREPARED", "off"},
                           {"HUB_INTERNAL_SECRET", test::kTestSecret}},
                          dir.path() + "/" + name + ".log");
    EXPECT_EQ(migrate.wait(60s), 0) << migrate.log();
  }
  pqxx::connection c(db.url());
  pqxx::nontransaction tx(c);
  pqxx::connection t(
      test::with_database(test::require_env("HUB_TEST_PG_ADMIN_URL"), test::require_env("HUB_TEST_PG_TEMPLATE")));
  pqxx::nontransaction template_tx(t);
  for (const std::string schema : {"auth", "repos", "discussions", "pulls", "bugs", "notifications"}) {
    const std::string applied = "SELECT count(*) FROM " + tx.quote_name(schema) + ".schema_migrations";
    EXPECT_EQ(tx.exec(applied)[0][0].as<int>(), template_tx.exec(applied)[0][0].as<int>()) << schema;
  }
  EXPECT_TRUE(tx.exec("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = "
                      "(SELECT oid FROM pg_database WHERE datname = current_database())")
                  .empty())
      << "no migration lock left behind";
}

}  // namespace
}  // namespace hub
