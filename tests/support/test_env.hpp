#pragma once
// What `./hub test` prepared for the integration and end-to-end tiers, read from HUB_TEST_*
// variables. A missing variable fails the test (run it through `./hub test`), never skips it.
#include <map>
#include <string>

#include "common/config/config.hpp"

namespace hub::test {

std::string require_env(const char* name);

// postgresql://user:pass@host:port/<db>?params with the database replaced.
std::string with_database(const std::string& url, const std::string& db);

// The path of a built program (hub-gateway, hub-test-upstream, ...).
std::string program(const std::string& name);

// A database created from the migrated template for one test, dropped afterwards.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::string url_;
};

// An empty database (not from the template), for tests of the migration runner itself.
class EmptyDatabase {
 public:
  EmptyDatabase();
  ~EmptyDatabase();
  const std::string& url() const { return url_; }

 private:
  std::string name_;
  std::string url_;
};

std::string redis_url();
// The gateway of the stack `./hub test` started.
config::HostPort stack_gateway();

// Environment for a service process started by a test: the test's secret, database and Redis.
std::map<std::string, std::string> service_env(const std::string& pg_url);

}  // namespace hub::test
