#include "tests/support/test_env.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <pqxx/pqxx>
#include <stdexcept>

#include "common/util/random.hpp"

namespace hub::test {

std::string require_env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') {
    throw std::runtime_error(std::string(name) + " is not set: run this test through ./hub test");
  }
  return v;
}

std::string program(const std::string& name) {
  return std::string(HUB_BIN_DIR) + "/" + name;
}

std::string with_database(const std::string& url, const std::string& db) {
  auto scheme_end = url.find("://");
  auto slash = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  auto query = url.find('?');
  std::string base = slash == std::string::npos ? url.substr(0, query) : url.substr(0, slash);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + db + tail;
}

namespace {

void admin_exec(const std::string& sql) {
  pqxx::connection conn(require_env("HUB_TEST_PG_ADMIN_URL"));
  pqxx::nontransaction tx(conn);
  tx.exec(sql);
}

}  // namespace

TestDatabase::TestDatabase() {
  name_ = "t_" + util::random_id().substr(0, 16);
  std::string tmpl = require_env("HUB_TEST_PG_TEMPLATE");
  admin_exec("CREATE DATABASE " + name_ + " TEMPLATE " + tmpl);
  url_ = with_database(require_env("HUB_TEST_PG_ADMIN_URL"), name_);
}

TestDatabase::~TestDatabase() {
  try {
    admin_exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
  }
}

EmptyDatabase::EmptyDatabase() {
  name_ = "e_" + util::random_id().substr(0, 16);
  admin_exec("CREATE DATABASE " + name_);
  url_ = with_database(require_env("HUB_TEST_PG_ADMIN_URL"), name_);
}

EmptyDatabase::~EmptyDatabase() {
  try {
    admin_exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
  }
}

std::string redis_url() {
  return require_env("HUB_TEST_REDIS_URL");
}

config::HostPort stack_gateway() {
  auto hp = config::parse_host_port(require_env("HUB_TEST_GATEWAY"));
  if (!hp) throw std::runtime_error(hp.error());
  return hp.value();
}

std::map<std::string, std::string> service_env(const std::string& pg_url) {
  return {{"HUB_INTERNAL_SECRET", "test-secret-that-is-long-enough-0123456789"},
          {"HUB_PG_URL", pg_url},
          {"HUB_REDIS_URL", redis_url()},
          {"HUB_LISTEN", "127.0.0.1:0"},
          {"HUB_DRAIN_DELAY", "0ms"},
          {"HUB_LOG_LEVEL", "info"},
          {"HUB_THREADS", "2"},
          {"HUB_READY_INTERVAL", "200ms"}};
}

}  // namespace hub::test
