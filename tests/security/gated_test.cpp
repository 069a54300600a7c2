// Gated repos, as huggingface_hub's access-request API uses them: the metadata of a gated repo stays
// visible to every reader, its files (resolve, raw, LFS downloads, git clones) answer GatedRepo
// until the owners let the caller in; requests carry the fields the card asks for; owners list,
// accept, reject, reset and grant; `auto` accepts at once; every decision is an event and an audit
// log entry.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "common/json/json.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/git_shell.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::via_gateway;

const std::string kCard =
    "---\nlicense: mit\nextra_gated_fields:\n  Company: text\n  I agree to the terms: checkbox\n---\n# Gated\n";
const std::string kWeights = "gated weights " + std::string(2000, 'g');

struct Gated {
  test::Account owner;
  test::TestRepo repo;
};

Gated gated_repo(const std::string& mode) {
  Gated g{test::new_account("gown"), {}};
  g.repo = test::new_repo(g.owner, false);
  EXPECT_EQ(test::upload_lfs(g.owner.session, g.repo.path(), kWeights), 200);
  auto c = test::commit_lines(
      g.owner.session, g.repo,
      {test::commit_header_line("gated"), test::commit_file_line("README.md", kCard),
       test::commit_file_line("config.json", "{\"hidden\":1}"), test::commit_lfs_line("model.bin", kWeights)});
  EXPECT_EQ(c.status, 200) << c.body;
  auto s = via_gateway("PUT", g.repo.api() + "/settings", g.owner.session, R"({"gated":")" + mode + "\"}");
  EXPECT_EQ(s.status, 200) << s.body;
  return g;
}

http::ClientResponse resolve(const test::TestRepo& r, const std::string& file, const std::string& token) {
  return via_gateway("GET", "/" + r.path() + "/resolve/main/" + file, token);
}

http::ClientResponse lfs_download(const test::TestRepo& r, const std::string& token) {
  return via_gateway("POST", "/" + r.path() + ".git/info/lfs/objects/batch", token,
                     R"({"operation":"download","objects":[{"oid":")" + crypto::sha256_hex(kWeights) + R"(","size":)" +
                         std::to_string(kWeights.size()) + "}]}",
                     "application/vnd.git-lfs+json");
}

std::string ask_body() {
  return R"({"fields":{"Company":"Acme","I agree to the terms":true}})";
}

TEST(Gated, FilesWaitForTheOwnersWhileMetadataStaysVisible) {
  const Gated g = gated_repo("manual");
  const test::Account reader = test::new_account("grd");
  auto info = json::parse_object(via_gateway("GET", g.repo.api(), reader.session).body);
  ASSERT_TRUE(info);
  EXPECT_EQ(std::string(info.value()["gated"].GetString()), "manual");
  EXPECT_EQ(via_gateway("GET", g.repo.api() + "/tree/main", reader.session).status, 200);
  EXPECT_EQ(resolve(g.repo, "README.md", reader.session).body, kCard) << "the card stays open";

  for (const std::string file : {"config.json", "model.bin", "no-such-file"}) {
    auto denied = resolve(g.repo, file, reader.session);
    EXPECT_EQ(denied.status, 403) << file;
    EXPECT_EQ(denied.headers.get("X-Error-Code"), "GatedRepo") << file;
    auto anonymous = resolve(g.repo, file, {});
    EXPECT_EQ(anonymous.status, 401) << file;
    EXPECT_EQ(anonymous.headers.get("X-Error-Code"), "GatedRepo") << file;
  }
  EXPECT_EQ(via_gateway("GET", "/" + g.repo.path() + "/raw/main/config.json", reader.session).status, 403);
  EXPECT_EQ(lfs_download(g.repo, reader.session).headers.get("X-Error-Code"), "GatedRepo");
  auto refs = via_gateway("GET", "/" + g.repo.path() + ".git/info/refs?service=git-upload-pack", reader.session);
  EXPECT_EQ(refs.status, 403);
  EXPECT_EQ(refs.headers.get("X-Error-Code"), "GatedRepo");
  // Straight to the pack, skipping the ref advertisement.
  auto pack = via_gateway("POST", "/" + g.repo.path() + ".git/git-upload-pack", reader.session, "0000",
                          "application/x-git-upload-pack-request");
  EXPECT_EQ(pack.status, 403);
  EXPECT_EQ(pack.headers.get("X-Error-Code"), "GatedRepo");
  // The owner is never gated.
  EXPECT_EQ(resolve(g.repo, "model.bin", g.owner.session).body, kWeights);
}

TEST(Gated, ManualRequestsWaitForAnOwnersDecision) {
  const Gated g = gated_repo("manual");
  const test::Account reader = test::new_account("grq");
  const std::string base = g.repo.api() + "/user-access-request";

  auto without = via_gateway("POST", base, reader.session, R"({"fields":{"Company":"Acme"}})");
  EXPECT_EQ(without.status, 400) << "the card asks for two fields";
  EXPECT_NE(without.body.find("I agree to the terms"), std::string::npos) << without.body;
  EXPECT_EQ(via_gateway("POST", base, {}, ask_body()).status, 401);
  auto asked = via_gateway("POST", base, reader.session, ask_body());
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_NE(asked.body.find("pending"), std::string::npos);
  EXPECT_EQ(resolve(g.repo, "config.json", reader.session).status, 403) << "pending is not in";

  EXPECT_EQ(via_gateway("GET", base + "/pending", reader.session).status, 403) << "only writers list";
  auto pending = json::parse(via_gateway("GET", base + "/pending", g.owner.session).body);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending.value().Size(), 1U);
  const auto& entry = pending.value()[0];
  EXPECT_EQ(std::string(entry["user"]["user"].GetString()), reader.name);
  EXPECT_TRUE(entry["user"].HasMember("fullname"));
  EXPECT_EQ(std::string(entry["status"].GetString()), "pending");
  EXPECT_EQ(std::string(entry["fields"]["Company"].GetString()), "Acme");
  EXPECT_TRUE(entry["timestamp"].IsString());

  auto accept = via_gateway("POST", base + "/handle", g.owner.session,
                            R"({"user":")" + reader.name + R"(","status":"accepted"})");
  ASSERT_EQ(accept.status, 200) << accept.body;
  EXPECT_EQ(resolve(g.repo, "config.json", reader.session).status, 200);
  EXPECT_EQ(resolve(g.repo, "model.bin", reader.session).body, kWeights);
  EXPECT_NE(lfs_download(g.repo, reader.session).body.find("\"download\""), std::string::npos);
  test::TempDir dir;
  auto clone =
      test::sh(dir.path(), "GIT_LFS_SKIP_SMUDGE=1 git clone -q " + test::git_url(reader.session, g.repo.path()) + " c");
  EXPECT_EQ(clone.status, 0) << clone.output;
  EXPECT_EQ(json::parse(via_gateway("GET", base + "/accepted", g.owner.session).body).value().Size(), 1U);

  auto reject = via_gateway("POST", base + "/handle", g.owner.session,
                            R"({"user":")" + reader.name + R"(","status":"rejected","rejectionReason":"no"})");
  ASSERT_EQ(reject.status, 200) << reject.body;
  EXPECT_EQ(resolve(g.repo, "config.json", reader.session).status, 403);
  auto again = via_gateway("POST", base, reader.session, ask_body());
  EXPECT_NE(again.body.find("rejected"), std::string::npos) << "asking again does not clear a rejection";
  EXPECT_EQ(json::parse(via_gateway("GET", base + "/rejected", g.owner.session).body).value().Size(), 1U);
  EXPECT_EQ(json::parse(via_gateway("GET", base + "/pending", g.owner.session).body).value().Size(), 0U);

  // Bad decisions change nothing.
  const test::Account stranger = test::new_account("gst");
  EXPECT_EQ(via_gateway("POST", base + "/handle", g.owner.session,
                        R"({"user":")" + stranger.name + R"(","status":"accepted"})")
                .status,
            404)
      << "no request from that user";
  EXPECT_EQ(via_gateway("POST", base + "/handle", g.owner.session, R"({"user":"nobody-at-all-x","status":"accepted"})")
                .status,
            404);
  EXPECT_EQ(
      via_gateway("POST", base + "/handle", g.owner.session, R"({"user":")" + reader.name + R"(","status":"maybe"})")
          .status,
      400);
  EXPECT_EQ(
      via_gateway("POST", base + "/handle", reader.session, R"({"user":")" + reader.name + R"(","status":"accepted"})")
          .status,
      403)
      << "a requester cannot accept itself";
  EXPECT_EQ(resolve(g.repo, "config.json", reader.session).status, 403);
}

TEST(Gated, GrantCancelAndAuto) {
  const Gated g = gated_repo("manual");
  const std::string base = g.repo.api() + "/user-access-request";
  const test::Account friendly = test::new_account("gfr");
  ASSERT_EQ(via_gateway("POST", base + "/grant", g.owner.session, R"({"user":")" + friendly.name + "\"}").status, 200);
  EXPECT_EQ(resolve(g.repo, "config.json", friendly.session).status, 200);
  EXPECT_EQ(via_gateway("POST", base + "/grant", g.owner.session, R"({"user":")" + friendly.name + "\"}").status, 400)
      << "already has access";

  const test::Account hesitant = test::new_account("ghs");
  ASSERT_EQ(via_gateway("POST", base, hesitant.session, ask_body()).status, 200);
  EXPECT_EQ(via_gateway("POST", base + "/cancel", hesitant.session).status, 200);
  EXPECT_EQ(via_gateway("POST", base + "/cancel", hesitant.session).status, 404);
  EXPECT_EQ(json::parse(via_gateway("GET", base + "/pending", g.owner.session).body).value().Size(), 0U);

  const Gated open = gated_repo("auto");
  const test::Account quick = test::new_account("gqk");
  auto asked = via_gateway("POST", open.repo.api() + "/user-access-request", quick.session, ask_body());
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_NE(asked.body.find("accepted"), std::string::npos);
  EXPECT_EQ(resolve(open.repo, "model.bin", quick.session).body, kWeights);

  // Not gated: the API says so rather than pretending.
  const test::TestRepo plain = test::new_repo(g.owner, false);
  EXPECT_EQ(via_gateway("POST", plain.api() + "/user-access-request", quick.session, ask_body()).status, 400);
  EXPECT_EQ(via_gateway("PUT", open.repo.api() + "/settings", open.owner.session, R"({"gated":false})").status, 200);
  EXPECT_EQ(resolve(open.repo, "config.json", {}).status, 200) << "an ungated repo is open again";
}

TEST(Gated, EveryDecisionIsAnEventAndAnAuditEntry) {
  const Gated g = gated_repo("manual");
  const test::Account reader = test::new_account("gev");
  const std::string base = g.repo.api() + "/user-access-request";
  ASSERT_EQ(via_gateway("POST", base, reader.session, ask_body()).status, 200);
  ASSERT_EQ(
      via_gateway("POST", base + "/handle", g.owner.session, R"({"user":")" + reader.name + R"(","status":"accepted"})")
          .status,
      200);
  pqxx::connection db(test::hub_db_url());
  const std::string repo_name = g.repo.path();
  pqxx::nontransaction tx(db);
  auto events = tx.exec_params(
      "SELECT payload->'data'->>'status' FROM repos.outbox WHERE type = 'repo.access_request' "
      "AND payload->'repo'->>'name' = $1 ORDER BY id",
      repo_name);
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[0][0].as<std::string>(), "pending");
  EXPECT_EQ(events[1][0].as<std::string>(), "accepted");
  EXPECT_TRUE(test::eventually(
      [&] {
        auto n = tx.exec_params(
            "SELECT count(*) FROM auth.audit_log WHERE target = $1 AND action IN "
            "('repo.access_request.create', 'repo.access_request.accepted', 'repo.gating.update')",
            repo_name);
        return n[0][0].as<int>() == 3;
      },
      std::chrono::seconds(30)))
      << "auth audits the request, the acceptance and the gate";
}

}  // namespace
}  // namespace hub
