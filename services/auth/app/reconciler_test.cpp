// Which events auth's consumer hands to handle_event: a test of the predicate only (the handler
// itself runs against a real database in tests/integration).
#include "services/auth/app/reconciler.hpp"

#include <gtest/gtest.h>

#include "common/events/catalog.hpp"

namespace hub::auth {
namespace {

TEST(AuthEvents, RegistryEventsAreHandled) {
  for (const char* type : {"repo.created", "repo.updated", "repo.moved", "repo.deleted"})
    EXPECT_TRUE(may_handle_event(events::Envelope::make(type))) << type;
}

TEST(AuthEvents, AnEventCarryingAnAuditBlockIsHandled) {
  events::RepoConfigChanged changed;
  changed.is_private = true;
  changed.audit = events::Audit{"repo.visibility.update", std::nullopt, std::nullopt, ""};
  EXPECT_TRUE(may_handle_event(events::make_event(changed)));
}

TEST(AuthEvents, OtherEventsAreAcknowledgedUnhandled) {
  events::RepoConfigChanged changed;
  changed.is_private = true;
  EXPECT_FALSE(may_handle_event(events::make_event(changed))) << "no audit block";
  EXPECT_FALSE(may_handle_event(events::Envelope::make("discussion.comment.created", R"({"comment":{"id":"c"}})")));
}

}  // namespace
}  // namespace hub::auth
