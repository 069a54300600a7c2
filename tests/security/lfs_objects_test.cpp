// An LFS object is served for a repo only if it is linked to that repo (the repo was given its
// bytes). Knowing another repo's object's sha256 and size must not be enough to read it: not by
// committing its pointer as a regular file, not by an lfsFile, not by a push, not by a branch or
// tag made from another repo's commit; and where a pointer to an unlinked object is in git anyway
// (written past the hub, restored from a backup), resolve serves the pointer's text, never the
// object.
#include <gtest/gtest.h>

#include <fstream>

#include "common/crypto/sha256.hpp"
#include "common/util/random.hpp"
#include "tests/support/git_shell.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::via_gateway;

std::string pointer_text(const std::string& bytes) {
  return "version https://git-lfs.github.com/spec/v1\noid sha256:" + crypto::sha256_hex(bytes) + "\nsize " +
         std::to_string(bytes.size()) + "\n";
}

struct Victim {
  test::Account owner;
  test::TestRepo repo;
  std::string secret;  // the private LFS object's bytes
};

Victim victim_with_a_private_object() {
  Victim v{test::new_account("vic"), {}, "private weights " + util::random_id() + std::string(3000, 'w')};
  v.repo = test::new_repo(v.owner, true);
  EXPECT_EQ(test::upload_lfs(v.owner.session, v.repo.path(), v.secret), 200);
  auto c = test::commit_lines(v.owner.session, v.repo,
                              {test::commit_header_line("weights"), test::commit_lfs_line("model.bin", v.secret)});
  EXPECT_EQ(c.status, 200) << c.body;
  return v;
}

// A victim's private object, and an attacker with a public repo of its own.
struct Scene {
  Victim victim;
  test::Account attacker;
  test::TestRepo mine;
};

Scene scene() {
  Scene s{victim_with_a_private_object(), test::new_account("att"), {}};
  s.mine = test::new_repo(s.attacker, false);
  return s;
}

TEST(LfsObjects, APointerCommittedAsARegularFileIsRefused) {
  const auto& [v, attacker, mine] = scene();
  const std::string head = test::repo_field(attacker.session, mine, "sha");

  for (const std::string encoding : {"base64", "utf-8"}) {
    std::string line = encoding == "base64"
                           ? test::commit_file_line("stolen.bin", pointer_text(v.secret))
                           : R"({"key":"file","value":{"path":"stolen.bin","encoding":"utf-8","content":)" +
                                 json::quote(pointer_text(v.secret)) + "}}";
    auto c = test::commit_lines(attacker.session, mine, {test::commit_header_line("steal"), line});
    EXPECT_EQ(c.status, 400) << encoding << ": " << c.body;
    EXPECT_NE(c.headers.get("X-Error-Message").find("not uploaded to this repo"), std::string::npos) << c.body;
  }
  // As an lfsFile too, and nothing changed.
  auto lfs = test::commit_lines(attacker.session, mine,
                                {test::commit_header_line("steal"), test::commit_lfs_line("stolen.bin", v.secret)});
  EXPECT_EQ(lfs.status, 400) << lfs.body;
  EXPECT_EQ(test::repo_field(attacker.session, mine, "sha"), head) << "a refused commit changes nothing";
  auto served = via_gateway("GET", "/" + mine.path() + "/resolve/main/stolen.bin", attacker.session);
  EXPECT_EQ(served.status, 404);
  EXPECT_EQ(served.body.find("private weights"), std::string::npos);

  // The batch API will not hand out a download either.
  auto batch = via_gateway("POST", "/" + mine.path() + ".git/info/lfs/objects/batch", attacker.session,
                           R"({"operation":"download","objects":[{"oid":")" + crypto::sha256_hex(v.secret) +
                               R"(","size":)" + std::to_string(v.secret.size()) + "}]}",
                           "application/vnd.git-lfs+json");
  EXPECT_EQ(batch.status, 200);
  EXPECT_NE(batch.body.find("\"error\""), std::string::npos) << batch.body;
  EXPECT_EQ(batch.body.find("\"download\""), std::string::npos) << batch.body;
}

// The owner's own pointer file to an object of theirs is a normal LFS file: the same rule lets it in.
TEST(LfsObjects, APointerToAnObjectOfThisRepoIsAnLfsFile) {
  const Victim v = victim_with_a_private_object();
  auto c = test::commit_lines(
      v.owner.session, v.repo,
      {test::commit_header_line("copy"), test::commit_file_line("copy.bin", pointer_text(v.secret))});
  ASSERT_EQ(c.status, 200) << c.body;
  auto served = via_gateway("GET", "/" + v.repo.path() + "/resolve/main/copy.bin", v.owner.session);
  EXPECT_EQ(served.status, 200);
  EXPECT_EQ(served.body, v.secret);
}

// A pointer to an object the store does not hold is refused on write like any unlinked one.
TEST(LfsObjects, APointerToAnObjectNobodyUploadedIsRefused) {
  const test::Account a = test::new_account("nob");
  const test::TestRepo r = test::new_repo(a, false);
  auto c = test::commit_lines(
      a.session, r,
      {test::commit_header_line("x"), test::commit_file_line("ghost.bin", pointer_text("never uploaded"))});
  EXPECT_EQ(c.status, 400) << c.body;
}

TEST(LfsObjects, BranchesAndTagsCannotStartFromAnotherReposCommit) {
  const auto& [v, attacker, mine] = scene();
  const std::string theirs = test::repo_field(v.owner.session, v.repo, "sha");
  ASSERT_EQ(theirs.size(), 40U);
  auto branch =
      via_gateway("POST", mine.api() + "/branch/grab", attacker.session, R"({"startingPoint":")" + theirs + "\"}");
  EXPECT_GE(branch.status, 400) << branch.body;
  EXPECT_LT(branch.status, 500) << branch.body;
  auto tag = via_gateway("POST", mine.api() + "/tag/" + theirs, attacker.session, R"({"tag":"grab"})");
  EXPECT_GE(tag.status, 400) << tag.body;
  EXPECT_LT(tag.status, 500) << tag.body;
  EXPECT_EQ(via_gateway("GET", "/" + mine.path() + "/resolve/grab/model.bin", attacker.session).status, 404);
}

TEST(LfsObjects, APushedPointerToAnotherReposObjectIsRefused) {
  const auto& [v, attacker, mine] = scene();
  test::TempDir dir;
  auto cloned = test::sh(dir.path(), "git clone -q " + test::git_url(attacker.session, mine.path()) + " work");
  ASSERT_EQ(cloned.status, 0) << cloned.output;
  { std::ofstream(dir.path() + "/work/stolen.bin") << pointer_text(v.secret); }
  auto pushed = test::sh(dir.path() + "/work", "git add stolen.bin && git commit -qm steal && git push -q origin main");
  EXPECT_NE(pushed.status, 0) << pushed.output;
  EXPECT_EQ(via_gateway("GET", "/" + mine.path() + "/resolve/main/stolen.bin", attacker.session).status, 404);
}

// Where a pointer to an unlinked object reached git past every write check, resolve still serves
// only what git holds: the pointer's text.
TEST(LfsObjects, ResolveServesThePointerTextForAnObjectNotLinkedHere) {
  const auto& [v, other, mine] = scene();
  const std::string id = test::repo_field(other.session, mine, "_id");
  ASSERT_FALSE(id.empty());
  const std::string git_dir = test::require_env("HUB_TEST_DATA_DIR") + "/repos/" + id + ".git";
  test::TempDir dir;
  { std::ofstream(dir.path() + "/pointer") << pointer_text(v.secret); }
  // Plumbing straight on the bare repo, as a restore from a backup would write it: no hook runs.
  auto wrote = test::sh(
      dir.path(), "export GIT_DIR=" + git_dir +
                      " && blob=$(git hash-object -w pointer)"
                      " && tree=$( (git ls-tree main; printf \"100644 blob $blob\\tplanted.bin\\n\") | git mktree)"
                      " && commit=$(git commit-tree $tree -p main -m planted)"
                      " && git update-ref refs/heads/main $commit");
  ASSERT_EQ(wrote.status, 0) << wrote.output;
  auto served = via_gateway("GET", "/" + mine.path() + "/resolve/main/planted.bin", other.session);
  EXPECT_EQ(served.status, 200) << served.body;
  EXPECT_EQ(served.body, pointer_text(v.secret)) << "the pointer's text, never the other repo's object";
  auto raw = via_gateway("GET", "/" + mine.path() + "/raw/main/planted.bin", other.session);
  EXPECT_EQ(raw.body, pointer_text(v.secret));
}

}  // namespace
}  // namespace hub
