#include "common/events/envelope.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "common/util/uuid.hpp"

namespace hub::events {
namespace {

TEST(Envelope, RoundTrip) {
  Envelope e = Envelope::make("repo.created", R"({"private":true,"n":[1,2]})");
  e.actor = Actor{"u1", "alice"};
  e.repo = RepoRef{"r1", "model", "acme/bert"};
  auto parsed = parse_envelope(e.to_json());
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->id, e.id);
  EXPECT_TRUE(util::is_uuid(parsed->id));
  EXPECT_EQ(parsed->type, "repo.created");
  EXPECT_EQ(parsed->occurred_at, e.occurred_at);
  EXPECT_EQ(parsed->actor->name, "alice");
  EXPECT_EQ(parsed->repo->id, "r1");
  EXPECT_EQ(parsed->data, R"({"private":true,"n":[1,2]})");
}

TEST(Envelope, NullActorAndRepo) {
  Envelope e = Envelope::make("system.tick");
  auto parsed = parse_envelope(e.to_json());
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->actor);
  EXPECT_FALSE(parsed->repo);
  EXPECT_EQ(parsed->data, "{}");
}

TEST(Envelope, InvalidDataNeverProducesInvalidJson) {
  Envelope e = Envelope::make("x", "not json");
  EXPECT_TRUE(parse_envelope(e.to_json()));
}

TEST(Envelope, BadInputRefused) {
  EXPECT_FALSE(parse_envelope("{"));
  EXPECT_FALSE(parse_envelope(R"({"id":"nope","type":"x","occurredAt":"t"})"));
  EXPECT_FALSE(parse_envelope(R"({"id":"0b6f5d2e-9a4b-4c61-8f0e-1d2c3b4a5e6f","occurredAt":"t"})"));
  EXPECT_FALSE(
      parse_envelope(R"({"id":"0b6f5d2e-9a4b-4c61-8f0e-1d2c3b4a5e6f","type":"x","occurredAt":"t","data":[]})"));
  EXPECT_FALSE(
      parse_envelope(R"({"id":"0b6f5d2e-9a4b-4c61-8f0e-1d2c3b4a5e6f","type":"x","occurredAt":"t","repo":{"id":"r"}})"));
}

TEST(Uuid, FormatAndUniqueness) {
  auto a = util::uuid4();
  auto b = util::uuid4();
  EXPECT_NE(a, b);
  EXPECT_TRUE(util::is_uuid(a));
  EXPECT_EQ(a[14], '4');
  EXPECT_FALSE(util::is_uuid("0B6F5D2E-9A4B-4C61-8F0E-1D2C3B4A5E6F"));
}

}  // namespace
}  // namespace hub::events

namespace hub::events {
namespace {

// What the code writes matches what schemas/events/ publishes.
TEST(Envelope, MatchesThePublishedSchema) {
  Envelope full = Envelope::make("repo.created", R"({"private":false})");
  full.actor = Actor{"u1", "alice"};
  full.repo = RepoRef{"r1", "model", "acme/bert"};
  Envelope bare = Envelope::make("system.started");
  const std::string dir = ::testing::TempDir();
  const std::string a = dir + "/envelope-full.json", b = dir + "/envelope-bare.json";
  std::FILE* f = std::fopen(a.c_str(), "w");
  std::fputs(full.to_json().c_str(), f);
  std::fclose(f);
  f = std::fopen(b.c_str(), "w");
  std::fputs(bare.to_json().c_str(), f);
  std::fclose(f);
  std::string cmd = std::string("/usr/bin/python3 ") + HUB_SOURCE_DIR + "/tests/deploy/validate_json.py " +
                    HUB_SOURCE_DIR + "/schemas/events/envelope.schema.json " + a + " " + b;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

}  // namespace
}  // namespace hub::events
