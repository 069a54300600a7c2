#include "services/notifications/domain/webhook_settings.hpp"

#include <gtest/gtest.h>

namespace hub::notifications {
namespace {

json::Document parsed(std::string_view text) {
  auto doc = json::parse(text);
  EXPECT_TRUE(doc) << text;
  return std::move(doc).value();
}

std::string error_of(const Result<std::vector<WatchedItem>>& r) {
  return r ? std::string() : r.error();
}

TEST(WebhookSettings, WatchedItemsAsHuggingfaceHubSendsThem) {
  auto items = parse_watched(parsed(
      R"([{"type":"user","name":"julien-c"},{"type":"org","name":"HuggingFaceH4"},{"type":"model","name":"acme/bert"},
          {"type":"dataset","name":"acme/squad"},{"type":"space","name":"acme/demo"},{"type":"USER","name":"x"}])"));
  EXPECT_FALSE(items) << "types are lower case, as on the Hub";
  items = parse_watched(parsed(
      R"([{"type":"user","name":"julien-c"},{"type":"org","name":"HuggingFaceH4"},{"type":"model","name":"acme/bert"},
          {"type":"model","name":"ACME/bert"},{"type":"dataset","name":"acme/squad"}])"));
  ASSERT_TRUE(items) << items.error();
  ASSERT_EQ(items->size(), 4u) << "the same repo twice (any case) is one item";
  EXPECT_EQ((*items)[0], (WatchedItem{"user", "julien-c"}));
  EXPECT_TRUE((*items)[1].is_namespace());
  EXPECT_FALSE((*items)[2].is_namespace());
  EXPECT_EQ((*items)[2].ns(), "acme");
  EXPECT_EQ((*items)[0].ns(), "julien-c");
}

TEST(WebhookSettings, WatchedRefusalsSayWhatIsWrong) {
  EXPECT_EQ(error_of(parse_watched(parsed("[]"))), "watched names at least one user, org or repo");
  EXPECT_EQ(error_of(parse_watched(parsed(R"({"type":"user"})"))), "watched is an array of {type, name}");
  EXPECT_EQ(error_of(parse_watched(parsed(R"([{"type":"user"}])"))), "each watched item has a type and a name");
  EXPECT_EQ(error_of(parse_watched(parsed(R"([{"type":"repo","name":"a/b"}])"))),
            "watched: type is user, org, model, dataset or space, not 'repo'");
  EXPECT_EQ(error_of(parse_watched(parsed(R"([{"type":"model","name":"bert"}])"))),
            "watched: a model is named namespace/name, not 'bert'");
  EXPECT_EQ(error_of(parse_watched(parsed(R"([{"type":"org","name":"a/b"}])"))),
            "watched: 'a/b' is not a user or org name");
  EXPECT_FALSE(parse_watched(parsed(R"([{"type":"model","name":"a/b/c"}])")));
  std::string many = "[";
  for (std::size_t i = 0; i <= kMaxWatched; ++i)
    many += std::string(i ? "," : "") + R"({"type":"user","name":"u)" + std::to_string(i) + R"("})";
  EXPECT_EQ(error_of(parse_watched(parsed(many + "]"))), "watched holds at most 100 items");
}

TEST(WebhookSettings, DomainsTakeBothSpellingsAndOurScopes) {
  auto d = parse_domains(parsed(R"(["repo","discussions","discussion","pull_request.review","status","bug"])"));
  ASSERT_TRUE(d) << d.error();
  EXPECT_EQ(*d,
            (std::vector<std::string>{"repo", "discussions", "discussion", "pull_request.review", "status", "bug"}));
  EXPECT_EQ(*parse_domains(parsed("[]")), default_domains()) << "none given: the Hub's two";
  EXPECT_EQ(default_domains(), (std::vector<std::string>{"repo", "discussion"}));
  auto bad = parse_domains(parsed(R"(["repo","comments"])"));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("'comments'"), std::string::npos);
  EXPECT_FALSE(parse_domains(parsed(R"("repo")")));
  EXPECT_FALSE(parse_domains(parsed(R"([1])")));
}

TEST(WebhookSettings, WhichScopesADomainCovers) {
  const std::vector<std::string> hub = {"repo", "discussions"};
  for (const char* scope : {"repo", "repo.content", "repo.config", "discussion", "discussion.comment"})
    EXPECT_TRUE(domains_cover(hub, scope)) << scope;
  for (const char* scope : {"pull_request.review", "status", "bug", "bug.comment"})
    EXPECT_FALSE(domains_cover(hub, scope)) << scope << ": our scopes only for hooks that ask";
  const std::vector<std::string> ours = {"pull_request.review", "status", "bug"};
  for (const char* scope : {"pull_request.review", "status", "bug", "bug.comment"})
    EXPECT_TRUE(domains_cover(ours, scope)) << scope;
  EXPECT_FALSE(domains_cover(ours, "repo.content"));
  EXPECT_FALSE(domains_cover({"discussion"}, "repo"));
}

TEST(WebhookSettings, DomainsRoundTripThroughStorage) {
  const std::vector<std::string> d = {"repo", "discussions"};
  EXPECT_EQ(domains_from_json(domains_to_json(d)), d);
  EXPECT_TRUE(domains_from_json("not json").empty());
}

TEST(WebhookSettings, SecretsAndCaps) {
  EXPECT_EQ(*check_secret("my-secret"), "my-secret");
  EXPECT_FALSE(check_secret("line\nbreak")) << "it travels in a header";
  EXPECT_FALSE(check_secret(std::string(kMaxSecretBytes + 1, 'x')));
  EXPECT_TRUE(check_secret(std::string(kMaxSecretBytes, 'x')));
  EXPECT_EQ(*check_daily_cap(5, 1000), 5);
  EXPECT_FALSE(check_daily_cap(0, 1000));
  EXPECT_FALSE(check_daily_cap(1001, 1000)) << "an owner lowers the cap, never raises it";
}

}  // namespace
}  // namespace hub::notifications
