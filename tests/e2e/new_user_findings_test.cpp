// What trying the hub as a new user found, each kept as the test that would have caught it: a repo's
// info names each key once, every 401 says how to authenticate (git and git-lfs need it), an
// unknown revision is named as the revision, not glued to the file path, and preupload decides by
// the .gitattributes the commit will have.
#include <gtest/gtest.h>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/base64.hpp"
#include "common/util/random.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::via_gateway;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

// Strict JSON parsers refuse an object with a key twice; RapidJSON keeps both, so the raw text is counted.
TEST(NewUser, RepoInfoNamesEachKeyOnce) {
  const test::Account a = test::new_account("nu");
  const test::TestRepo r = test::new_repo(a, false);
  for (const std::string& target : {r.api(), r.api() + "/revision/main", r.api() + "?expand=sha"}) {
    auto info = via_gateway("GET", target, a.session);
    ASSERT_EQ(info.status, 200) << target;
    EXPECT_EQ(count(info.body, "\"sha\":"), 1U) << target << ": " << info.body;
    EXPECT_EQ(count(info.body, "\"id\":"), 1U) << target;
  }
}

void expect_asks_for_credentials(const http::ClientResponse& r, const std::string& what) {
  EXPECT_EQ(r.status, 401) << what << ": " << r.body;
  EXPECT_FALSE(r.headers.get("X-Error-Code").empty()) << what;
  EXPECT_FALSE(r.headers.get("X-Error-Message").empty()) << what;
  EXPECT_EQ(r.headers.get("WWW-Authenticate"), "Basic realm=\"hub\"") << what;
  EXPECT_EQ(r.headers.get("LFS-Authenticate"), "Basic realm=\"hub\"") << what;
}

TEST(NewUser, Every401SaysHowToAuthenticate) {
  const test::Account a = test::new_account("nu");
  const test::TestRepo r = test::new_repo(a, false);
  expect_asks_for_credentials(via_gateway("GET", "/" + r.path() + ".git/info/refs?service=git-receive-pack"),
                              "info/refs for a push");
  expect_asks_for_credentials(via_gateway("POST", "/" + r.path() + ".git/git-receive-pack", {}, "0000",
                                          "application/x-git-receive-pack-request"),
                              "receive-pack");
  expect_asks_for_credentials(
      via_gateway("POST", "/" + r.path() + ".git/info/lfs/objects/batch", {},
                  R"({"operation":"upload","objects":[{"oid":")" + std::string(64, 'a') + R"(","size":1}]})",
                  "application/vnd.git-lfs+json"),
      "an LFS upload question");
  expect_asks_for_credentials(via_gateway("GET", "/api/whoami-v2", "hf_not_a_token"), "a bad token");
  const test::TestRepo hidden = test::new_repo(a, true);
  expect_asks_for_credentials(via_gateway("GET", hidden.api()), "a private repo");
}

TEST(NewUser, AnUnknownRevisionIsNamedAsTheRevision) {
  const test::Account a = test::new_account("nu");
  const test::TestRepo r = test::new_repo(a, false);
  auto plain = via_gateway("GET", "/" + r.path() + "/resolve/no-such/README.md", a.session);
  EXPECT_EQ(plain.status, 404);
  EXPECT_EQ(plain.headers.get("X-Error-Code"), "RevisionNotFound");
  EXPECT_EQ(plain.headers.get("X-Error-Message"), "Invalid rev id: no-such");
  auto pr = via_gateway("GET", "/" + r.path() + "/resolve/refs/pr/99/dir/config.json", a.session);
  EXPECT_EQ(pr.headers.get("X-Error-Message"), "Invalid rev id: refs/pr/99");
}

// A list asked for a sort the hub does not apply says so, instead of answering another question
// (every repo, in another order).
TEST(NewUser, ListsRefuseWhatTheyCannotSortBy) {
  const test::Account a = test::new_account("nu");
  for (const std::string query : {"sort=downloads", "sort=trendingScore", "tags=nlp"}) {
    auto r = via_gateway("GET", "/api/models?" + query, a.session);
    EXPECT_EQ(r.status, 400) << query << ": " << r.body;
    EXPECT_NE(r.headers.get("X-Error-Message").find("not supported"), std::string::npos) << query;
  }
  EXPECT_EQ(via_gateway("GET", "/api/models?filter=" + std::string(101, 'x'), a.session).status, 400);
  EXPECT_EQ(via_gateway("GET", "/api/models?sort=createdAt&author=" + a.name, a.session).status, 200);
  EXPECT_EQ(via_gateway("GET", "/api/datasets?search=x", a.session).status, 200);
}

// The names of the repos a list answered.
std::vector<std::string> listed(const std::string& query, const std::string& token) {
  std::vector<std::string> out;
  auto res = via_gateway("GET", "/api/" + query, token);
  auto doc = json::parse(res.body);
  if (res.status != 200 || !doc || !doc.value().IsArray()) return out;
  for (const auto& repo : doc.value().GetArray())
    out.emplace_back(repo["id"].GetString());
  return out;
}

// Tags come from the card as the Hub derives them, and the lists filter on them (and on the pipeline
// tag, the library and the language) as the Hub's clients ask.
TEST(NewUser, ListsFilterByWhatTheCardSays) {
  const test::Account a = test::new_account("nu");
  const std::string tag = "nu-" + util::random_id().substr(0, 8);
  const std::string card = "---\ntags: [" + tag +
                           ", bert]\nlibrary_name: transformers\npipeline_tag: fill-mask\n"
                           "license: mit\nlanguage: [en]\n---\n# a model\n";
  auto made = via_gateway(
      "POST", "/api/repos/create", a.session,
      R"({"name":"carded","files":[{"path":"README.md","content":")" + util::base64_encode(card) + R"("}]})");
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string name = a.name + "/carded";
  auto info = json::parse(via_gateway("GET", "/api/models/" + name, a.session).body);
  ASSERT_TRUE(info);
  std::vector<std::string> tags;
  for (const auto& t : info.value()["tags"].GetArray())
    tags.emplace_back(t.GetString());
  EXPECT_EQ(tags, (std::vector<std::string>{tag, "bert", "transformers", "fill-mask", "license:mit", "en"}));

  const std::vector<std::string> just{name};
  EXPECT_TRUE(
      test::eventually([&] { return listed("models?filter=" + tag, a.session) == just; }, std::chrono::seconds(15)))
      << "indexed from the card once main moved";
  EXPECT_EQ(listed("models?filter=" + tag + "&filter=bert", a.session), just);
  EXPECT_EQ(listed("models?filter=" + tag + "&pipeline_tag=fill-mask&library=transformers&language=en", a.session),
            just);
  EXPECT_TRUE(listed("models?filter=" + tag + "&pipeline_tag=text-generation", a.session).empty());
  EXPECT_TRUE(listed("models?filter=" + tag + "&filter=gpt2", a.session).empty());
  EXPECT_TRUE(listed("models?filter=" + tag + "&language=fr", a.session).empty());
  EXPECT_TRUE(listed("datasets?filter=" + tag, a.session).empty());

  // A commit that changes the card changes the tags the list filters on.
  const std::string header = R"({"key":"header","value":{"summary":"retag"}})";
  const std::string file = R"({"key":"file","value":{"path":"README.md","encoding":"base64","content":")" +
                           util::base64_encode("---\ntags: [" + tag + "-2]\n---\n") + R"("}})";
  auto commit = via_gateway("POST", "/api/models/" + name + "/commit/main", a.session, header + "\n" + file + "\n",
                            "application/x-ndjson");
  ASSERT_EQ(commit.status, 200) << commit.body;
  EXPECT_TRUE(test::eventually([&] { return listed("models?filter=" + tag + "-2", a.session) == just; },
                               std::chrono::seconds(15)));
  EXPECT_TRUE(listed("models?filter=" + tag, a.session).empty());
}

// A private repo's card facts are what its readers may see: a filter on its tags, pipeline tag or
// language never lists it to anyone else, signed in or not.
TEST(NewUser, FiltersNeverListAPrivateRepoToOthers) {
  const test::Account owner = test::new_account("nu");
  const test::Account other = test::new_account("nu");
  const std::string tag = "nu-secret-" + util::random_id().substr(0, 8);
  const std::string card = "---\ntags: [" + tag + "]\npipeline_tag: fill-mask\nlanguage: [en]\n---\n";
  auto made = via_gateway("POST", "/api/repos/create", owner.session,
                          R"({"name":"hidden","private":true,"files":[{"path":"README.md","content":")" +
                              util::base64_encode(card) + R"("}]})");
  ASSERT_EQ(made.status, 200) << made.body;
  const std::vector<std::string> just{owner.name + "/hidden"};
  ASSERT_TRUE(
      test::eventually([&] { return listed("models?filter=" + tag, owner.session) == just; }, std::chrono::seconds(15)))
      << "its owner finds it once indexed";
  for (const std::string& token : {other.session, std::string()}) {
    EXPECT_TRUE(listed("models?filter=" + tag, token).empty());
    EXPECT_TRUE(listed("models?filter=" + tag + "&pipeline_tag=fill-mask&language=en", token).empty());
    EXPECT_TRUE(listed("models?search=hidden&author=" + owner.name, token).empty());
  }
}

// A space's sdk is what its README says, as on the Hub.
TEST(NewUser, ASpacesSdkComesFromItsReadme) {
  const test::Account a = test::new_account("nu");
  auto made = via_gateway("POST", "/api/repos/create", a.session,
                          R"({"name":"demo","type":"space","sdk":"static","files":[{"path":"README.md","content":")" +
                              util::base64_encode("---\nsdk: gradio\n---\n") + R"("}]})");
  ASSERT_EQ(made.status, 200) << made.body;
  auto info = json::parse(via_gateway("GET", "/api/spaces/" + a.name + "/demo", a.session).body);
  ASSERT_TRUE(info);
  EXPECT_EQ(std::string(info.value()["sdk"].GetString()), "gradio");
  EXPECT_TRUE(test::eventually(
      [&] {
        auto list = json::parse(via_gateway("GET", "/api/spaces?author=" + a.name, a.session).body);
        return list && list.value().IsArray() && list.value().Size() == 1 &&
               std::string(list.value()[0]["sdk"].GetString()) == "gradio";
      },
      std::chrono::seconds(15)));
}

// @huggingface/hub sends the new .gitattributes with preupload when the commit changes it: a .csv
// that the same commit sends to LFS must be uploaded through LFS, or `git clone` finds a regular
// file where the attributes promise a pointer.
TEST(NewUser, PreuploadDecidesByTheAttributesTheCommitWillHave) {
  const test::Account a = test::new_account("nu");
  const test::TestRepo r = test::new_repo(a, false);
  const std::string head = test::repo_field(a.session, r, "sha");
  const std::string files = R"({"path":"data.csv","sample":"YSxiCjEsMgo=","size":8})";
  auto before = via_gateway("POST", r.api() + "/preupload/main", a.session, "{\"files\":[" + files + "]}");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_NE(before.body.find("\"uploadMode\":\"regular\""), std::string::npos) << before.body;
  auto after =
      via_gateway("POST", r.api() + "/preupload/main", a.session,
                  "{\"files\":[" + files + R"(],"gitAttributes":"*.csv filter=lfs diff=lfs merge=lfs -text\n"})");
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_NE(after.body.find("\"uploadMode\":\"lfs\""), std::string::npos) << after.body;
  EXPECT_EQ(test::repo_field(a.session, r, "sha"), head) << "a preview moves no branch";
  auto bad = via_gateway("POST", r.api() + "/preupload/main", a.session, "{\"files\":[],\"gitAttributes\":5}");
  EXPECT_EQ(bad.status, 400);
}

}  // namespace
}  // namespace hub
