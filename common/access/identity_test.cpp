#include "common/access/identity.hpp"

#include <gtest/gtest.h>

#include "common/http/route_dispatcher.hpp"

namespace hub::access {
namespace {

const std::string kSecret = "current-secret-0123456789abcdef-0123456789";
const std::string kOld = "previous-secret-0123456789abcdef-012345678";
constexpr std::int64_t kNow = 1'800'000'000;

Binding at(std::int64_t now, std::string_view target = "/api/models/acme/bert?x=1") {
  return Binding{"GET", target, "req-1", now};
}

Identity alice() {
  return Identity{"u1", "alice", "t9", "r42", Role::kWrite, "203.0.113.7"};
}

TEST(Identity, RoundTrip) {
  Signer s(kSecret);
  auto header = s.sign_identity(alice(), at(kNow));
  auto id = s.verify_identity(header, at(kNow));
  ASSERT_TRUE(id) << id.error();
  EXPECT_EQ(id->user_id, "u1");
  EXPECT_EQ(id->user_name, "alice");
  EXPECT_EQ(id->token_id, "t9");
  EXPECT_EQ(id->repo_id, "r42");
  EXPECT_EQ(id->role, Role::kWrite);
  EXPECT_EQ(id->client_address, "203.0.113.7");
  EXPECT_FALSE(id->discussion_write);
}

// Whether the caller may write to discussions is signed like the role: granted, it comes back;
// forged from 0 to 1, or dropped, the signature breaks.
TEST(Identity, DiscussionWriteIsSigned) {
  Signer s(kSecret);
  Identity writer = alice();
  writer.discussion_write = true;
  auto id = s.verify_identity(s.sign_identity(writer, at(kNow)), at(kNow));
  ASSERT_TRUE(id) << id.error();
  EXPECT_TRUE(id->discussion_write);
  std::string header = s.sign_identity(alice(), at(kNow));
  std::string forged = header;
  forged.replace(forged.find("dw=0"), 4, "dw=1");
  EXPECT_FALSE(s.verify_identity(forged, at(kNow)));
  std::string dropped = header;
  dropped.replace(dropped.find(";dw=0"), 5, "");
  EXPECT_FALSE(s.verify_identity(dropped, at(kNow))) << "dropping a signed field breaks the signature too";
}

TEST(Identity, AwkwardValuesSurvive) {
  Signer s(kSecret);
  Identity odd{"u;1=2", "ä name\n", "", "", Role::kRead, "2001:db8::1"};
  auto id = s.verify_identity(s.sign_identity(odd, at(kNow)), at(kNow));
  ASSERT_TRUE(id) << id.error();
  EXPECT_EQ(id->user_id, "u;1=2");
  EXPECT_EQ(id->user_name, "ä name\n");
  EXPECT_EQ(id->client_address, "2001:db8::1");
}

// Found by fuzzing (tests/fuzz/identity): a value holding NUL was signed as %00, which the verifier
// then read as an empty value. It fails verification now instead of reading as something else.
TEST(Identity, AValueThatDoesNotDecodeIsRefusedNotEmptied) {
  Signer s(kSecret);
  Identity nul{std::string("u1\0x", 4), "alice", "t9", "", Role::kRead, "203.0.113.7"};
  auto id = s.verify_identity(s.sign_identity(nul, at(kNow)), at(kNow));
  ASSERT_FALSE(id);
  EXPECT_NE(id.error().find("malformed"), std::string::npos) << id.error();
}

TEST(Identity, UnsignedAndGarbageRefused) {
  Signer s(kSecret);
  EXPECT_FALSE(s.verify_identity("", at(kNow)));
  EXPECT_FALSE(s.verify_identity("v2;kid=x", at(kNow)));
  EXPECT_FALSE(s.verify_identity("v1;nonsense", at(kNow)));
  EXPECT_FALSE(s.verify_identity("v1;kid=;ts=;user=;name=;token=;repo=;role=;addr=;sig=", at(kNow)));
}

TEST(Identity, ForgedFieldsRefused) {
  Signer s(kSecret);
  std::string header = s.sign_identity(alice(), at(kNow));
  // Raise the role, change the user, drop a field, add a field: each breaks the signature.
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string h = header;
    h.replace(h.find(from), from.size(), to);
    return h;
  };
  EXPECT_FALSE(s.verify_identity(replace("role=write", "role=admin"), at(kNow)));
  EXPECT_FALSE(s.verify_identity(replace("user=u1", "user=u2"), at(kNow)));
  EXPECT_FALSE(s.verify_identity(replace(";token=t9", ""), at(kNow)));
  EXPECT_FALSE(s.verify_identity(replace(";sig=", ";role=admin;sig="), at(kNow)));
  std::string sig_flipped = header;
  sig_flipped.back() = sig_flipped.back() == '0' ? '1' : '0';
  EXPECT_FALSE(s.verify_identity(sig_flipped, at(kNow)));
}

TEST(Identity, SignedWithAnotherSecretRefused) {
  Signer mine(kSecret);
  Signer theirs("attacker-secret-0123456789abcdef-0123456789");
  EXPECT_FALSE(mine.verify_identity(theirs.sign_identity(alice(), at(kNow)), at(kNow)));
}

TEST(Identity, StaleAndFutureRefused) {
  Signer s(kSecret);
  auto header = s.sign_identity(alice(), at(kNow));
  EXPECT_TRUE(s.verify_identity(header, at(kNow + 30)));
  EXPECT_TRUE(s.verify_identity(header, at(kNow - 30)));
  auto stale = s.verify_identity(header, at(kNow + 31));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error(), "signature expired");
  auto future = s.verify_identity(header, at(kNow - 31));
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error(), "signature from the future");
}

TEST(Identity, ReplayToAnotherPathMethodOrRequestRefused) {
  Signer s(kSecret);
  auto header = s.sign_identity(alice(), at(kNow, "/api/models/acme/bert"));
  EXPECT_FALSE(s.verify_identity(header, at(kNow, "/api/models/acme/other")));
  EXPECT_FALSE(s.verify_identity(header, at(kNow, "/api/models/acme/bert?x=1")));
  EXPECT_FALSE(s.verify_identity(header, Binding{"DELETE", "/api/models/acme/bert", "req-1", kNow}));
  EXPECT_FALSE(s.verify_identity(header, Binding{"GET", "/api/models/acme/bert", "req-2", kNow}));
}

TEST(Identity, RotationAcceptsPreviousSecret) {
  Signer before(kOld);
  Signer during(kSecret, kOld);  // services during a rotation
  Signer after(kSecret);
  auto old_header = before.sign_identity(alice(), at(kNow));
  EXPECT_TRUE(during.verify_identity(old_header, at(kNow))) << "old gateways still accepted";
  EXPECT_TRUE(during.verify_identity(after.sign_identity(alice(), at(kNow)), at(kNow)));
  EXPECT_FALSE(before.verify_identity(during.sign_identity(alice(), at(kNow)), at(kNow)))
      << "signing always uses the current secret";
  EXPECT_FALSE(after.verify_identity(old_header, at(kNow))) << "once rotated out, the old secret is refused";
  EXPECT_NE(before.key_id(), after.key_id());
}

TEST(Identity, PurposesDoNotMix) {
  Signer s(kSecret);
  auto service = s.sign_service("repos", at(kNow));
  EXPECT_EQ(s.verify_service(service, at(kNow)).value(), "repos");
  EXPECT_FALSE(s.verify_identity(service, at(kNow)));
  EXPECT_FALSE(s.verify_service(s.sign_identity(alice(), at(kNow)), at(kNow)));
  EXPECT_FALSE(s.verify_service(service, at(kNow, "/internal/other")));
  EXPECT_FALSE(s.verify_service(service, at(kNow + 60)));
}

// The service side: RouteDispatcher refuses what the gateway did not sign.
TEST(SignedRoutes, DispatcherRequiresSignatures) {
  auto signer = std::make_shared<const Signer>(kSecret);
  http::RouteDispatcher routes;
  http::HandlerOptions open;
  open.open = true;
  routes.add(
      "GET", "/healthz", [](http::Request&) { return http::Response::empty(200); }, open);
  routes.require_signatures(signer);
  routes.add("GET", "/api/things", [](http::Request&) { return http::Response::empty(200); });
  routes.add("POST", "/internal/things", [](http::Request&) { return http::Response::empty(200); });

  auto request = [](std::string method, const std::string& target) {
    http::Request r;
    r.method = std::move(method);
    r.target = target;
    r.path = target;
    r.ctx.request_id = "req-9";
    return r;
  };
  auto h = request("GET", "/healthz");
  EXPECT_FALSE(routes.dispatch(h).reply_response()) << "health needs no signature";

  auto unsigned_request = request("GET", "/api/things");
  auto refused = routes.dispatch(unsigned_request);
  ASSERT_TRUE(refused.reply_response());
  EXPECT_EQ(refused.reply_response()->status, 401);

  auto signed_request = request("GET", "/api/things");
  signed_request.headers.set(kIdentityHeader,
                             signer->sign_identity(alice(), Binding{"GET", "/api/things", "req-9", unix_now()}));
  EXPECT_FALSE(routes.dispatch(signed_request).reply_response());
  ASSERT_TRUE(signed_request.ctx.identity);
  EXPECT_EQ(signed_request.ctx.identity->user_name, "alice");

  auto internal_with_user = request("POST", "/internal/things");
  internal_with_user.headers.set(
      kIdentityHeader, signer->sign_identity(alice(), Binding{"POST", "/internal/things", "req-9", unix_now()}));
  EXPECT_EQ(routes.dispatch(internal_with_user).reply_response()->status, 401) << "users never call /internal/";

  auto internal = request("POST", "/internal/things");
  internal.headers.set(kServiceHeader,
                       signer->sign_service("repos", Binding{"POST", "/internal/things", "req-9", unix_now()}));
  EXPECT_FALSE(routes.dispatch(internal).reply_response());
  EXPECT_EQ(internal.ctx.caller_service, "repos");

  auto unknown = request("GET", "/api/nothing");
  EXPECT_EQ(routes.dispatch(unknown).reply_response()->status, 404)
      << "unknown paths are 404 before any signature check";
}

// A route for signed-in callers refuses an anonymous one itself, on the I/O thread, with the answer
// the handler's own check gives, and never hands the request to the handler.
TEST(SignedRoutes, SignedInRoutesRefuseAnonymousCallersWithoutTheHandler) {
  auto signer = std::make_shared<const Signer>(kSecret);
  http::RouteDispatcher routes;
  routes.require_signatures(signer);
  routes.add(
      "GET", "/api/mine", [](http::Request&) { return http::Response::empty(200); }, {.signed_in = true});
  auto signed_as = [&](const Identity& who) {
    http::Request r;
    r.method = "GET";
    r.target = r.path = "/api/mine";
    r.ctx.request_id = "req-7";
    r.headers.set(kIdentityHeader, signer->sign_identity(who, Binding{"GET", "/api/mine", "req-7", unix_now()}));
    return r;
  };

  auto anonymous = signed_as(Identity{});
  auto refused = routes.dispatch(anonymous);
  ASSERT_TRUE(refused.reply_response()) << "answered by the dispatcher, not handed to the handler";
  const http::Response& r = *refused.reply_response();
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers.get("X-Error-Message"), "authentication required");
  EXPECT_EQ(r.headers.get("X-Request-Id"), "req-7");
  EXPECT_EQ(r.headers.get("WWW-Authenticate"), "Basic realm=\"hub\"");

  auto alice_request = signed_as(alice());
  const http::Action handled = routes.dispatch(alice_request);
  EXPECT_FALSE(handled.reply_response());
  EXPECT_TRUE(std::holds_alternative<http::action::Handle>(handled));
}

}  // namespace
}  // namespace hub::access
