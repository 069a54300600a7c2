#include "common/http/router.hpp"

#include <gtest/gtest.h>

namespace hub::http {
namespace {

std::string param(const RouteMatch& m, std::string_view name) {
  for (const auto& [k, v] : m.params) {
    if (k == name) return v;
  }
  return "<absent>";
}

constexpr const char* kTree = "/api/{type:models|datasets|spaces}/{namespace}/{name}/tree/{rev:rev}/{path*}";

TEST(Router, LiteralAndParams) {
  RouteMatcher r;
  r.add("GET", "/api/whoami-v2");
  r.add("GET", "/api/{type:models|datasets|spaces}/{namespace}/{name}");
  auto m = r.match("GET", "/api/models/acme/bert");
  EXPECT_EQ(m.id, 1);
  EXPECT_EQ(param(m, "type"), "models");
  EXPECT_EQ(param(m, "namespace"), "acme");
  EXPECT_EQ(param(m, "name"), "bert");
  EXPECT_EQ(m.pattern, "/api/{type:models|datasets|spaces}/{namespace}/{name}");
  EXPECT_EQ(r.match("GET", "/api/whoami-v2").id, 0);
}

TEST(Router, ChoiceRejectsOtherValues) {
  RouteMatcher r;
  r.add("GET", "/api/{type:models|datasets|spaces}/{namespace}/{name}");
  EXPECT_EQ(r.match("GET", "/api/widgets/acme/bert").id, -1);
}

TEST(Router, RevisionWithRawSlashes) {
  RouteMatcher r;
  r.add("GET", kTree);
  auto m = r.match("GET", "/api/models/acme/bert/tree/refs/pr/3/sub/dir");
  ASSERT_EQ(m.id, 0);
  EXPECT_EQ(param(m, "rev"), "refs/pr/3");
  EXPECT_EQ(param(m, "path"), "sub/dir");
}

TEST(Router, RevisionPercentEncoded) {
  RouteMatcher r;
  r.add("GET", kTree);
  auto m = r.match("GET", "/api/models/acme/bert/tree/refs%2Fpr%2F3/sub%2Fdir");
  ASSERT_EQ(m.id, 0);
  EXPECT_EQ(param(m, "rev"), "refs/pr/3");
  EXPECT_EQ(param(m, "path"), "sub/dir");
}

TEST(Router, RevisionConvertAndHeads) {
  RouteMatcher r;
  r.add("GET", kTree);
  auto m = r.match("GET", "/api/datasets/acme/squad/tree/refs/convert/parquet");
  ASSERT_EQ(m.id, 0);
  EXPECT_EQ(param(m, "rev"), "refs/convert/parquet");
  EXPECT_EQ(param(m, "path"), "");
  m = r.match("GET", "/api/models/acme/bert/tree/main/a/b.txt");
  EXPECT_EQ(param(m, "rev"), "main");
  EXPECT_EQ(param(m, "path"), "a/b.txt");
}

TEST(Router, RefsPrefixWithoutEnoughSegmentsIsASingleRevision) {
  RouteMatcher r;
  r.add("GET", kTree);
  auto m = r.match("GET", "/api/models/acme/bert/tree/refs/x");
  ASSERT_EQ(m.id, 0);
  EXPECT_EQ(param(m, "rev"), "refs");
  EXPECT_EQ(param(m, "path"), "x");
}

TEST(Router, SuffixSegment) {
  RouteMatcher r;
  r.add("POST", "/{namespace}/{name}.git/{rest+}");
  auto m = r.match("POST", "/acme/bert.git/git-upload-pack");
  ASSERT_EQ(m.id, 0);
  EXPECT_EQ(param(m, "name"), "bert");
  EXPECT_EQ(param(m, "rest"), "git-upload-pack");
  EXPECT_EQ(r.match("POST", "/acme/.git/x").id, -1) << "the suffix alone is not a name";
  EXPECT_EQ(r.match("POST", "/acme/bert.git").id, -1) << "rest+ needs a segment";
}

TEST(Router, MethodMismatchListsAllowed) {
  RouteMatcher r;
  r.add("GET", "/api/things");
  r.add("POST", "/api/things");
  auto m = r.match("DELETE", "/api/things");
  EXPECT_EQ(m.id, -1);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "POST"}));
}

TEST(Router, HeadFallsBackToGet) {
  RouteMatcher r;
  r.add("GET", "/x");
  EXPECT_EQ(r.match("HEAD", "/x").id, 0);
}

TEST(Router, ExplicitHeadWins) {
  RouteMatcher r;
  r.add("GET", "/x");
  r.add("HEAD", "/x");
  EXPECT_EQ(r.match("HEAD", "/x").id, 1);
}

TEST(Router, MalformedEncodingIsBadPath) {
  RouteMatcher r;
  r.add("GET", "/a/{b}");
  EXPECT_TRUE(r.match("GET", "/a/%zz").bad_path);
  EXPECT_TRUE(r.match("GET", "/a/%00").bad_path) << "encoded NUL";
  EXPECT_TRUE(r.match("GET", "/a/%4").bad_path) << "truncated escape";
  EXPECT_TRUE(r.match("GET", "/a/%ff").bad_path) << "not UTF-8";
  EXPECT_TRUE(r.match("GET", "/a/%c0%af").bad_path) << "overlong UTF-8";
  EXPECT_TRUE(r.match("GET", "/a/x\xfey").bad_path) << "a raw byte that is not UTF-8";
  EXPECT_FALSE(r.match("GET", "/a/caf%C3%A9").bad_path);
  r.add("GET", "/rest/{path+}");
  r.add("GET", "/git/{name}.git");
  EXPECT_TRUE(r.match("GET", "/rest/ok/%ed%a0%80").bad_path) << "a surrogate in a rest segment";
  EXPECT_TRUE(r.match("GET", "/git/%ff.git").bad_path) << "before a literal suffix";
}

TEST(Router, FirstMatchWins) {
  RouteMatcher r;
  r.add("*", "/api/models/{ns}/{name}/discussions/{num}/merge");
  r.add("*", "/api/models/{ns}/{name}/discussions/{num}/{rest+}");
  EXPECT_EQ(r.match("POST", "/api/models/a/b/discussions/3/merge").id, 0);
  EXPECT_EQ(r.match("POST", "/api/models/a/b/discussions/3/comment").id, 1);
}

TEST(Router, TrailingSlashIsAnEmptySegment) {
  RouteMatcher r;
  r.add("GET", "/api/models");
  EXPECT_EQ(r.match("GET", "/api/models/").id, -1);
}

TEST(Router, RejectsBadTemplates) {
  RouteMatcher r;
  EXPECT_THROW(r.add("GET", "no-slash"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/{rest*}/b"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/{open"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/{}"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/{rev:rev}.git"), std::invalid_argument);
}

TEST(Router, TypedRouterReturnsValue) {
  Router<std::string> r;
  r.add("GET", "/a", "first");
  r.add("GET", "/b/{x}", "second");
  auto m = r.match("GET", "/b/y");
  ASSERT_NE(m.value, nullptr);
  EXPECT_EQ(*m.value, "second");
  EXPECT_EQ(r.match("GET", "/c").value, nullptr);
}

TEST(RevisionSplits, LongestRevisionFirst) {
  auto splits = revision_splits("feature/x/dir/file.txt");
  ASSERT_EQ(splits.size(), 4u);
  EXPECT_EQ(splits[0], (std::pair<std::string, std::string>{"feature/x/dir/file.txt", ""}));
  EXPECT_EQ(splits[2], (std::pair<std::string, std::string>{"feature/x", "dir/file.txt"}));
  EXPECT_EQ(splits[3], (std::pair<std::string, std::string>{"feature", "x/dir/file.txt"}));
}

TEST(RevisionSplits, DecodesEachPart) {
  auto splits = revision_splits("refs%2Fpr%2F1/a%20b");
  ASSERT_EQ(splits.size(), 2u);
  EXPECT_EQ(splits[1], (std::pair<std::string, std::string>{"refs/pr/1", "a b"}));
}

}  // namespace
}  // namespace hub::http
