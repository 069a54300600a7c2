#include "services/auth/domain/audit_chain.hpp"

#include <gtest/gtest.h>

namespace hub::auth {
namespace {

StoredAuditEntry entry(std::string seq, const std::string& prev, std::string action) {
  StoredAuditEntry e{std::move(seq), "id-" + action, "", "", std::move(action), "t", "{}", "", "2026-01-01", prev, ""};
  e.hash =
      audit_entry_hash(prev, e.id, e.org_id, e.actor_id, e.action, e.target, e.details, e.source_address, e.created_at);
  return e;
}

}  // namespace

TEST(AuditChain, AnIntactChainChecksOut) {
  const auto first = entry("1", std::string(kGenesisHash), "org.create");
  const auto second = entry("2", first.hash, "org.member.role");
  const ChainCheck check = check_audit_chain({first, second});
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.entries, 2);
  EXPECT_TRUE(check_audit_chain({}).ok);
}

TEST(AuditChain, ARemovedOrChangedEntryShows) {
  const auto first = entry("1", std::string(kGenesisHash), "org.create");
  const auto second = entry("2", first.hash, "org.member.role");
  const auto third = entry("3", second.hash, "token.create");
  ChainCheck removed = check_audit_chain({first, third});
  EXPECT_FALSE(removed.ok);
  EXPECT_EQ(removed.problem, "entry 3 does not follow the one before it (an entry was removed or reordered)");
  auto changed = second;
  changed.target = "someone else";
  ChainCheck edited = check_audit_chain({first, changed, third});
  EXPECT_FALSE(edited.ok);
  EXPECT_EQ(edited.problem, "entry 2 was changed after it was written");
  EXPECT_EQ(edited.entries, 1);
}

TEST(AuditChain, EveryFieldIsInTheHash) {
  const std::string base = audit_entry_hash("p", "i", "o", "a", "x", "t", "{}", "addr", "c");
  EXPECT_EQ(base.size(), 64U);
  EXPECT_NE(base, audit_entry_hash("p", "i", "o", "a", "x", "t", "{}", "addr", "d"));
  EXPECT_NE(base, audit_entry_hash("p", "i", "", "a", "x", "t", "{}", "addr", "c"));
  // Fields are separated: moving a character from one to the next changes the hash.
  EXPECT_NE(audit_entry_hash("p", "ab", "c", "", "", "", "", "", ""),
            audit_entry_hash("p", "a", "bc", "", "", "", "", "", ""));
}

}  // namespace hub::auth
