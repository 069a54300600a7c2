#include "services/repos/domain/gating.hpp"

#include <gtest/gtest.h>

namespace hub::repos {
namespace {

TEST(Gating, WhoPassesWithoutAsking) {
  EXPECT_TRUE(passes_gate_by_role(access::Role::kAdmin, false));
  EXPECT_TRUE(passes_gate_by_role(access::Role::kWrite, false));
  EXPECT_FALSE(passes_gate_by_role(access::Role::kRead, false)) << "a public repo's readers ask";
  EXPECT_FALSE(passes_gate_by_role(access::Role::kNone, false));
  EXPECT_TRUE(passes_gate_by_role(access::Role::kRead, true)) << "a private repo's readers were let in already";
  EXPECT_FALSE(passes_gate_by_role(access::Role::kNone, true));
}

TEST(Gating, TheCardAndAttributesStayOpen) {
  EXPECT_TRUE(open_in_gated_repo("README.md"));
  EXPECT_TRUE(open_in_gated_repo(".gitattributes"));
  EXPECT_FALSE(open_in_gated_repo("model.safetensors"));
  EXPECT_FALSE(open_in_gated_repo("sub/README.md"));
}

TEST(Gating, WhatARequestLeadsTo) {
  EXPECT_EQ(status_after_request(GateMode::kAuto, std::nullopt), AccessStatus::kAccepted);
  EXPECT_EQ(status_after_request(GateMode::kManual, std::nullopt), AccessStatus::kPending);
  EXPECT_EQ(status_after_request(GateMode::kManual, AccessStatus::kPending), AccessStatus::kPending);
  EXPECT_EQ(status_after_request(GateMode::kAuto, AccessStatus::kRejected), AccessStatus::kRejected)
      << "asking again does not clear a rejection";
  EXPECT_EQ(status_after_request(GateMode::kManual, AccessStatus::kAccepted), AccessStatus::kAccepted);
}

TEST(Gating, TheCardsFieldsMustBeFilled) {
  auto card = json::parse_object(R"({"extra_gated_fields":{"Company":"text","I agree":"checkbox"}})");
  ASSERT_TRUE(card);
  const auto asked = requested_fields(card.value());
  ASSERT_EQ(asked.size(), 2U);
  EXPECT_EQ(missing_field(asked, nullptr), "Company");
  auto partial = json::parse_object(R"({"Company":"Acme","I agree":""})");
  EXPECT_EQ(missing_field(asked, &partial.value()), "I agree");
  auto full = json::parse_object(R"({"Company":"Acme","I agree":true})");
  EXPECT_EQ(missing_field(asked, &full.value()), std::nullopt);
  auto none = json::parse_object(R"({"license":"mit"})");
  EXPECT_TRUE(requested_fields(none.value()).empty());
  EXPECT_EQ(parse_gate_mode("manual"), GateMode::kManual);
  EXPECT_FALSE(parse_gate_mode("true"));
  EXPECT_EQ(parse_access_status("rejected"), AccessStatus::kRejected);
  EXPECT_EQ(access_status_name(AccessStatus::kAccepted), "accepted");
}

}  // namespace
}  // namespace hub::repos
