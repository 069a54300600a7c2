#pragma once
// The people of the authorization matrices: an org with an admin, read, contributor and write
// members, a removed member, a resource-group teammate, an outsider, a user with their own
// namespace, and tokens of every kind (read, write, fine-grained scoped elsewhere, expired, revoked).
// Each matrix adds its repos and its table of expectations.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub::test {

struct MatrixPeople {
  Account admin = new_account("m"), reader = new_account("m"), contributor = new_account("m"),
          writer = new_account("m"), outsider = new_account("m"), removed = new_account("m"), owner = new_account("m"),
          teammate = new_account("m");
  std::string org = "mx" + util::random_id().substr(0, 10);
  std::string group_id;
  std::pair<std::string, std::string> read_token, write_token, scoped_elsewhere, expired, revoked;  // {secret, id}

  void set_role(const Account& member, const std::string& role) const {
    ASSERT_EQ(via_gateway("PUT", "/api/organizations/" + org + "/members/" + member.name + "/role", admin.session,
                          R"({"role":")" + role + R"("})")
                  .status,
              200);
  }

  // The org and its roles, the group (with the teammate writing in it) and the tokens.
  void set_up() {
    ASSERT_EQ(via_gateway("POST", "/api/organizations", admin.session, R"({"name":")" + org + R"("})").status, 201);
    set_role(reader, "read");
    set_role(contributor, "contributor");
    set_role(writer, "write");
    set_role(removed, "write");
    ASSERT_EQ(via_gateway("DELETE", "/api/organizations/" + org + "/members/" + removed.name, admin.session).status,
              204);
    set_role(teammate, "read");  // reads the org; writes only in its group
    auto group = via_gateway("POST", "/api/organizations/" + org + "/resource-groups", admin.session,
                             R"({"name":"vision","description":"the vision team"})");
    ASSERT_EQ(group.status, 201) << group.body;
    group_id = json::parse_object(group.body).value()["id"].GetString();
    ASSERT_EQ(via_gateway("POST", "/api/organizations/" + org + "/resource-groups/" + group_id + "/users",
                          admin.session, R"({"users":[{"user":")" + teammate.name + R"(","role":"write"}]})")
                  .status,
              200);
    read_token = new_token(admin, R"({"displayName":"r","role":"read"})");
    write_token = new_token(writer, R"({"displayName":"w","role":"write"})");
    scoped_elsewhere = new_token(
        admin,
        R"({"displayName":"f","role":"fineGrained","scoped":[{"entity":{"type":"model","name":"elsewhere/repo"},"permissions":["repo.write"]}]})");
    expired = new_token(admin, R"({"displayName":"e","role":"write"})");
    {
      pqxx::connection c(hub_db_url());
      pqxx::work tx(c);
      tx.exec_params("UPDATE auth.tokens SET expires_at = now() - interval '1 minute' WHERE id = $1", expired.second);
      tx.commit();
    }
    revoked = new_token(admin, R"({"displayName":"x","role":"write"})");
    ASSERT_EQ(via_gateway("DELETE", "/api/settings/tokens/" + revoked.second, admin.session).status, 204);
  }

  // Puts the org's model repo `name` into the group.
  void group_repo(const std::string& name) const {
    ASSERT_EQ(via_gateway("POST", "/api/organizations/" + org + "/resource-groups/" + group_id + "/repos",
                          admin.session, R"({"repos":[{"type":"model","name":")" + org + "/" + name + R"("}]})")
                  .status,
              200);
  }
};

}  // namespace hub::test
