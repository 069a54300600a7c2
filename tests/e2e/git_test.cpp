// git and git-lfs, the real binaries, against the gateway: clone of private repos (credentials only
// after a 401), push of commits, branches and tags that the API shows at once (and the reverse),
// pushes refused for a read token and for deleting main, LFS push and pull, and a pushed pointer to
// an object this repo was never given refused.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "common/crypto/sha256.hpp"
#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/base64.hpp"
#include "common/util/random.hpp"
#include "tests/support/git_shell.hpp"
#include "tests/support/process.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::sh;
using test::via_gateway;

std::string gateway_url(const std::string& user = {}, const std::string& token = {}) {
  const auto gw = test::stack_gateway();
  std::string auth = user.empty() ? "" : user + ":" + token + "@";
  return "http://" + auth + gw.host + ":" + std::to_string(gw.port);
}

struct Fixture {
  test::Account owner = test::new_account("gt");
  std::string name = "g" + util::random_id().substr(0, 10);
  std::string path() const { return owner.name + "/" + name; }
  // The repo's URL with the owner's credentials in it.
  std::string owner_url() const { return gateway_url(owner.name, owner.session) + "/" + path(); }
};

// In `dir`: clones the repo as its owner into work/, then runs `then` inside it.
test::ShellResult clone_then(const Fixture& f, const test::TempDir& dir, const std::string& then) {
  return sh(dir.path(), "git clone -q " + f.owner_url() + " work && cd work && " + then);
}

void make_repo(const Fixture& f, bool is_private) {
  auto res =
      via_gateway("POST", "/api/repos/create", f.owner.session,
                  R"({"name":")" + f.name + R"(","type":"model","private":)" + (is_private ? "true" : "false") + "}");
  ASSERT_EQ(res.status, 200) << res.body;
  auto c = via_gateway("POST", "/api/models/" + f.path() + "/commit/main", f.owner.session,
                       R"({"key":"header","value":{"summary":"from the API"}})"
                       "\n"
                       R"({"key":"file","value":{"path":"api.txt","content":")" +
                           util::base64_encode("made by the API") + R"(","encoding":"base64"}})",
                       "application/x-ndjson");
  ASSERT_EQ(c.status, 200) << c.body;
}

TEST(Git, CloneAndPushAPrivateRepo) {
  Fixture f;
  make_repo(f, true);
  test::TempDir dir;
  // Without credentials git gets a 401 and asks for a user name, which it may not prompt for here.
  auto anon = sh(dir.path(), "git clone " + gateway_url() + "/" + f.path() + " anon");
  EXPECT_NE(anon.status, 0) << anon.output;
  EXPECT_NE(anon.output.find("could not read Username"), std::string::npos) << anon.output;

  auto clone = sh(dir.path(), "git clone " + f.owner_url() + " work");
  ASSERT_EQ(clone.status, 0) << clone.output;
  std::ifstream api_file(dir.path() + "/work/api.txt");
  std::string content((std::istreambuf_iterator<char>(api_file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "made by the API");

  auto push =
      sh(dir.path() + "/work",
         "echo pushed > git.txt && git add git.txt && git commit -qm \"from git\" && git push -q origin main && "
         "git checkout -qb dev && echo dev > dev.txt && git add dev.txt && git commit -qm dev && "
         "git push -q origin dev && git tag v1 && git push -q origin v1");
  ASSERT_EQ(push.status, 0) << push.output;
  auto file = via_gateway("GET", "/" + f.path() + "/resolve/main/git.txt", f.owner.session);
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, "pushed\n");
  auto refs = json::parse_object(via_gateway("GET", "/api/models/" + f.path() + "/refs", f.owner.session).body).value();
  EXPECT_EQ(refs["branches"].Size(), 2U);
  EXPECT_EQ(std::string(refs["tags"][0]["name"].GetString()), "v1");
  auto info = json::parse_object(via_gateway("GET", "/api/models/" + f.path(), f.owner.session).body).value();
  auto head = sh(dir.path() + "/work", "git rev-parse main");
  EXPECT_EQ(std::string(info["sha"].GetString()) + "\n", head.output);

  // The reverse: an API commit shows in the next fetch.
  ASSERT_EQ(via_gateway("POST", "/api/models/" + f.path() + "/commit/main", f.owner.session,
                        R"({"key":"header","value":{"summary":"again"}})"
                        "\n"
                        R"({"key":"deletedFile","value":{"path":"api.txt"}})",
                        "application/x-ndjson")
                .status,
            200);
  auto pull = sh(dir.path() + "/work", "git checkout -q main && git pull -q origin main && test ! -e api.txt");
  EXPECT_EQ(pull.status, 0) << pull.output;

  // Deleting main is refused by the hook; so is any push with a read token.
  auto del = sh(dir.path() + "/work", "git push origin :main");
  EXPECT_NE(del.status, 0);
  EXPECT_NE(del.output.find("main cannot be deleted"), std::string::npos) << del.output;
  auto [read_token, read_id] = test::new_token(f.owner, R"({"displayName":"ro","role":"read"})");
  auto ro = sh(dir.path() + "/work",
               "git push " + gateway_url(f.owner.name, read_token) + "/" + f.path() + " HEAD:refs/heads/ro");
  EXPECT_NE(ro.status, 0) << ro.output;
  EXPECT_EQ(via_gateway("GET", "/" + f.path() + "/resolve/ro/git.txt", f.owner.session).status, 404);
  // An outsider does not even learn it exists.
  auto other = test::new_account("gx");
  auto theirs = sh(dir.path(), "git clone " + gateway_url(other.name, other.session) + "/" + f.path() + " theirs");
  EXPECT_NE(theirs.status, 0);
}

TEST(Git, LfsPushAndPull) {
  Fixture f;
  make_repo(f, true);
  test::TempDir dir;
  auto clone = clone_then(f, dir,
                          "git lfs install --local >/dev/null && "
                          "head -c 200000 /dev/urandom > weights.bin && git add weights.bin && "
                          "git commit -qm weights && git push -q origin main");
  ASSERT_EQ(clone.status, 0) << clone.output;
  auto sum = sh(dir.path() + "/work", "sha256sum weights.bin | cut -c1-64");
  const std::string oid = sum.output.substr(0, 64);
  auto file = via_gateway("GET", "/" + f.path() + "/resolve/main/weights.bin", f.owner.session);
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body.size(), 200000U);
  EXPECT_EQ(file.headers.get("ETag"), "\"" + oid + "\"");

  auto fresh =
      sh(dir.path(), "GIT_LFS_SKIP_SMUDGE=1 git clone -q " + f.owner_url() +
                         " fresh && cd fresh && "
                         "git lfs install --local >/dev/null && git lfs pull && sha256sum weights.bin | cut -c1-64");
  ASSERT_EQ(fresh.status, 0) << fresh.output;
  EXPECT_NE(fresh.output.find(oid), std::string::npos) << fresh.output;

  // A pointer to an object never uploaded to this repo is refused before any ref moves.
  const std::string forged = std::string(64, 'a');
  auto push =
      sh(dir.path() + "/work", "printf \"version https://git-lfs.github.com/spec/v1\\noid sha256:" + forged +
                                   "\\nsize 5\\n\" > stolen.bin && git -c filter.lfs.clean=cat add stolen.bin && "
                                   "git commit -qm steal && GIT_LFS_SKIP_PUSH=1 git push origin main");
  EXPECT_NE(push.status, 0) << push.output;
  EXPECT_NE(push.output.find("was not uploaded to this repo"), std::string::npos) << push.output;
  EXPECT_EQ(via_gateway("GET", "/" + f.path() + "/raw/main/stolen.bin", f.owner.session).status, 404);
}

TEST(Git, LargeFilesPushedWithoutLfsStreamBack) {
  Fixture f;
  make_repo(f, false);
  test::TempDir dir;
  auto push = clone_then(f, dir,
                         "head -c 3000000 /dev/urandom > big.dat && "
                         "git add big.dat && git commit -qm big && git push -q origin main && "
                         "sha256sum big.dat | cut -c1-64 && tail -c +1000001 big.dat | head -c 10 | od -An -tx1");
  ASSERT_EQ(push.status, 0) << push.output;
  auto file = via_gateway("GET", "/" + f.path() + "/resolve/main/big.dat");
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body.size(), 3000000U);
  EXPECT_EQ(push.output.substr(0, 64), crypto::sha256_hex(file.body));
  http::Client client(test::stack_gateway());
  http::ClientRequest ranged;
  ranged.target = "/" + f.path() + "/resolve/main/big.dat";
  ranged.headers.set("Range", "bytes=1000000-1000009");
  auto slice = client.send(ranged);
  EXPECT_EQ(slice.status, 206);
  EXPECT_EQ(slice.headers.get("Content-Range"), "bytes 1000000-1000009/3000000");
  EXPECT_EQ(slice.body, file.body.substr(1000000, 10));
}

TEST(Git, ProtectedBranchesRefuseForcePushesAndDeletion) {
  Fixture f;
  make_repo(f, false);
  ASSERT_EQ(via_gateway("PUT", "/api/models/" + f.path() + "/settings/protection", f.owner.session,
                        R"({"rules":[{"pattern":"main"},{"pattern":"keep"}]})")
                .status,
            200);
  test::TempDir dir;
  auto setup = clone_then(f, dir,
                          "git push -q origin HEAD:refs/heads/keep && "
                          "echo 1 > one.txt && git add one.txt && git commit -qm one && "
                          "git push -q origin main");
  ASSERT_EQ(setup.status, 0) << setup.output;
  auto force = sh(dir.path() + "/work",
                  "git reset -q --hard HEAD~1 && echo 2 > two.txt && git add two.txt && "
                  "git commit -qm two && git push --force origin main");
  EXPECT_NE(force.status, 0);
  EXPECT_NE(force.output.find("no force-pushes"), std::string::npos) << force.output;
  auto del = sh(dir.path() + "/work", "git push origin :keep");
  EXPECT_NE(del.status, 0);
  EXPECT_NE(del.output.find("cannot be deleted"), std::string::npos) << del.output;
  auto refs = json::parse_object(via_gateway("GET", "/api/models/" + f.path() + "/refs", f.owner.session).body).value();
  EXPECT_EQ(refs["branches"].Size(), 2U);
  EXPECT_EQ(via_gateway("GET", "/" + f.path() + "/resolve/main/one.txt").body, "1\n");
}

}  // namespace
}  // namespace hub
