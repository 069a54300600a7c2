// `hub-auth admin` (what `./hub admin` runs) against a real database: users, tokens and password
// resets are stored the way the service stores them, and bad arguments change nothing.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "common/crypto/sha256.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

struct Run {
  int status;
  std::string output;
};

Run admin(const test::TestDatabase& db, const std::vector<std::string>& args) {
  test::TempDir dir;
  std::vector<std::string> argv = {"admin"};
  argv.insert(argv.end(), args.begin(), args.end());
  test::Process p(test::program("hub-auth"), argv, {{"HUB_PG_URL", db.url()}}, dir.path() + "/out.log");
  auto status = p.wait(std::chrono::seconds(30));
  return {status.value_or(-1), p.log()};
}

// The word after "<name>: " in the output.
std::string field(const std::string& output, const std::string& name) {
  const auto at = output.find(name + ": ");
  if (at == std::string::npos) return {};
  const auto start = at + name.size() + 2;
  return output.substr(start, output.find_first_of(" \n", start) - start);
}

int count(const test::TestDatabase& db, const std::string& sql) {
  pqxx::connection c(db.url());
  pqxx::read_transaction tx(c);
  return tx.exec(sql)[0][0].as<int>();
}

TEST(AdminCli, CreatesUsersAndTokensAndResetsPasswords) {
  test::TestDatabase db;
  auto made = admin(db, {"create-user", "ops", "ops@example.com"});
  ASSERT_EQ(made.status, 0) << made.output;
  const std::string password = field(made.output, "password");
  EXPECT_EQ(password.size(), 24u);
  EXPECT_EQ(count(db, "SELECT count(*) FROM auth.users WHERE name = 'ops' AND password_hash LIKE '$argon2id$%'"), 1);

  auto token = admin(db, {"create-token", "ops", "deploy", "read"});
  ASSERT_EQ(token.status, 0) << token.output;
  const std::string secret = field(token.output, "token");
  EXPECT_TRUE(secret.starts_with("hf_"));
  pqxx::connection c(db.url());
  pqxx::read_transaction tx(c);
  auto row = tx.exec_params("SELECT role, encode(secret_sha256, 'hex') FROM auth.tokens WHERE display_name = 'deploy'");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0].as<std::string>(), "read");
  EXPECT_EQ(row[0][1].as<std::string>(), crypto::sha256_hex(secret));  // only the hash is stored
  tx.commit();

  auto reset = admin(db, {"reset-password", "OPS"});
  ASSERT_EQ(reset.status, 0) << reset.output;
  EXPECT_NE(field(reset.output, "password"), password);
}

TEST(AdminCli, BadArgumentsChangeNothing) {
  test::TestDatabase db;
  EXPECT_EQ(admin(db, {"create-user", "models", "m@example.com"}).status, 1);  // reserved
  EXPECT_EQ(admin(db, {"create-user", "x'; DROP TABLE auth.users;--", "a@b.c"}).status, 1);
  EXPECT_EQ(admin(db, {"create-token", "nobody", "t"}).status, 1);
  EXPECT_EQ(admin(db, {"create-token", "nobody", "t", "admin"}).status, 1);
  EXPECT_EQ(admin(db, {"frobnicate"}).status, 2);
  EXPECT_EQ(count(db, "SELECT count(*) FROM auth.users"), 0);
  EXPECT_EQ(count(db, "SELECT count(*) FROM auth.tokens"), 0);
}

void exec(const test::TestDatabase& db, const std::string& sql) {
  pqxx::connection c(db.url());
  pqxx::work tx(c);
  tx.exec(sql);
  tx.commit();
}

// Three entries: a user, a token, a password reset.
void three_entries(const test::TestDatabase& db) {
  ASSERT_EQ(admin(db, {"create-user", "auditor", "auditor@example.com"}).status, 0);
  ASSERT_EQ(admin(db, {"create-token", "auditor", "t"}).status, 0);
  ASSERT_EQ(admin(db, {"reset-password", "auditor"}).status, 0);
  ASSERT_EQ(count(db, "SELECT count(*) FROM auth.audit_log"), 3);
}

TEST(AuditLog, IsAppendOnlyAndItsChainVerifies) {
  test::TestDatabase db;
  three_entries(db);
  auto ok = admin(db, {"verify-audit"});
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("intact: 3 entries"), std::string::npos) << ok.output;
  EXPECT_THROW(exec(db, "UPDATE auth.audit_log SET target = 'someone else'"), pqxx::sql_error);
  EXPECT_THROW(exec(db, "DELETE FROM auth.audit_log"), pqxx::sql_error);
  EXPECT_THROW(exec(db, "TRUNCATE auth.audit_log"), pqxx::sql_error);
  EXPECT_EQ(count(db, "SELECT count(*) FROM auth.audit_log"), 3);
}

TEST(AuditLog, TheServicesRoleCannotChangeItEvenWithoutTheTriggers) {
  test::TestDatabase db;
  three_entries(db);
  // What auth's pooled connections act as; the triggers are off, so only the grants stand.
  exec(db, "ALTER TABLE auth.audit_log DISABLE TRIGGER audit_log_no_change");
  pqxx::connection c(db.url());
  auto as_service = [&](const std::string& sql) {
    pqxx::work tx(c);
    tx.exec("SET LOCAL ROLE hub_auth_runtime");
    tx.exec(sql);
    tx.commit();
  };
  for (const char* change :
       {"UPDATE auth.audit_log SET target = 'someone else'", "DELETE FROM auth.audit_log", "TRUNCATE auth.audit_log",
        "ALTER TABLE auth.audit_log DISABLE TRIGGER ALL", "DROP TABLE auth.audit_log"}) {
    try {
      as_service(change);
      ADD_FAILURE() << change << " was allowed";
    } catch (const pqxx::sql_error& e) {
      const std::string why = e.what();
      EXPECT_TRUE(why.find("permission denied") != std::string::npos || why.find("must be owner") != std::string::npos)
          << change << ": " << why;
    }
  }
  EXPECT_EQ(count(db, "SELECT count(*) FROM auth.audit_log"), 3);
  // Everything else the service does, it may: read and append entries, change its other tables.
  EXPECT_NO_THROW(as_service("SELECT count(*) FROM auth.audit_log"));
  EXPECT_NO_THROW(as_service("UPDATE auth.users SET fullname = fullname"));
  EXPECT_NO_THROW(as_service("DELETE FROM auth.repo_tombstones WHERE false"));
}

// Changes the chain behind the triggers' back, as only the table's owner could, and runs the check.
Run tamper_and_verify(const test::TestDatabase& db, const std::string& change) {
  three_entries(db);
  exec(db, "ALTER TABLE auth.audit_log DISABLE TRIGGER audit_log_no_change; " + change);
  return admin(db, {"verify-audit"});
}

TEST(AuditLog, ChainDetectsAnEditedEntry) {
  test::TestDatabase db;
  auto check = tamper_and_verify(
      db, "UPDATE auth.audit_log SET target = 'nobody' WHERE seq = (SELECT min(seq) + 1 FROM auth.audit_log)");
  EXPECT_EQ(check.status, 1) << check.output;
  EXPECT_NE(check.output.find("was changed"), std::string::npos) << check.output;
}

TEST(AuditLog, ChainDetectsADeletedEntry) {
  test::TestDatabase db;
  auto check =
      tamper_and_verify(db, "DELETE FROM auth.audit_log WHERE seq = (SELECT min(seq) + 1 FROM auth.audit_log)");
  EXPECT_EQ(check.status, 1) << check.output;
  EXPECT_NE(check.output.find("does not follow"), std::string::npos) << check.output;
}

}  // namespace
}  // namespace hub
