// The webhook sender against a real PostgreSQL, where the end-to-end tests cannot reach: a target the
// operator does not allow (a loopback receiver while private targets are refused) gets nothing, and
// the attempt is logged as refused and retried like a failure; and the delivery log is pruned to its
// retention. Loopback only: the refused target is a socket of this test on 127.0.0.1.
#include "services/notifications/app/webhook_sender.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <pqxx/pqxx>

#include "common/access/identity.hpp"
#include "common/db/pool.hpp"
#include "common/util/uuid.hpp"
#include "services/notifications/app/webhook_loops.hpp"
#include "services/notifications/domain/webhook_payload.hpp"
#include "services/notifications/store/delivery_store.hpp"
#include "services/notifications/store/webhook_store.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/test_env.hpp"

namespace hub::notifications {
namespace {

using namespace std::chrono_literals;

// A listening socket on 127.0.0.1 that never accepts: whether anything connected shows in its
// backlog.
class Listener {
 public:
  Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~Listener() { ::close(fd_); }
  std::uint16_t port() const { return port_; }
  bool connected() const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

struct Rig {
  test::TestDatabase db;
  service::Settings settings;
  db::Pool pool{db::PoolOptions{db.url(), 2}};
  access::Signer signer{"integration-secret-long-enough-0123456789"};
  service::Context ctx{settings, pool, signer, {}};
  std::unique_ptr<WebhookContext> wh;

  explicit Rig(NotificationsConfig config) {
    settings.public_url = "http://127.0.0.1:1";
    settings.redis_url = test::redis_url();
    config.auth_addresses = {config::HostPort{"127.0.0.1", 1}};  // a ping asks auth nothing
    config.webhook_secret_keys = {crypto::derive_secret_key("integration-secret-long-enough-0123456789", "test")};
    wh = std::make_unique<WebhookContext>(ctx, std::move(config));
  }

  std::string hook_to(std::uint16_t port) {
    HookRow hook;
    hook.id = util::uuid4();
    hook.owner = HookOwner{"user", util::uuid4(), "ada"};
    hook.url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
    hook.domains_json = R"(["repo"])";
    hook.secret_sealed = crypto::to_text(wh->secrets.seal("s3cret-value"));
    hook.watched = {StoredWatch{"user", "ada", "ada", ""}};
    pqxx::connection c(db.url());
    pqxx::work tx(c);
    insert_hook(tx, hook);
    tx.commit();
    return hook.id;
  }

  std::string ping(const std::string& hook_id) {
    NewDelivery d;
    d.id = util::uuid4();
    d.webhook_id = hook_id;
    d.event_type = "webhook.ping";
    d.scope = "webhook";
    d.action = "ping";
    d.payload = build_ping(hook_id);
    pqxx::connection c(db.url());
    pqxx::work tx(c);
    insert_delivery(tx, d);
    tx.commit();
    return d.id;
  }

  pqxx::row delivery(const std::string& id) {
    pqxx::connection c(db.url());
    pqxx::nontransaction tx(c);
    return tx.exec_params1(
        "SELECT state, attempts, next_attempt_at > now(), coalesce(note, '') FROM notifications.webhook_deliveries "
        "WHERE id = $1::uuid",
        id);
  }
};

NotificationsConfig defaults() {
  NotificationsConfig c;
  c.webhook_retry_schedule = {std::chrono::minutes(5)};
  c.webhook_disable_after = std::chrono::hours(120);
  c.webhook_daily_cap = 1000;
  c.webhook_cap_window = std::chrono::hours(24);
  c.webhook_log_retention = std::chrono::hours(24 * 14);
  c.webhook_in_flight_per_hook = 4;
  return c;
}

TEST(WebhookSender, ALoopbackTargetIsRefusedUnlessAllowedAndTheRefusalIsRetried) {
  Rig rig(defaults());
  Listener receiver;
  const std::string hook = rig.hook_to(receiver.port());
  const std::string delivery = rig.ping(hook);
  http::OutboundOptions options;
  options.allow_private = false;
  WebhookSender sender(*rig.wh, options);
  ASSERT_TRUE(test::eventually([&] { return sender.pass().recorded > 0; }, 15s)) << "the attempt was never recorded";
  EXPECT_FALSE(receiver.connected()) << "nothing may reach a refused address, not even a connection";

  const pqxx::row d = rig.delivery(delivery);
  EXPECT_EQ(d[0].as<std::string>(), "pending") << "a refusal is retried like any failure";
  EXPECT_EQ(d[1].as<int>(), 1);
  EXPECT_TRUE(d[2].as<bool>()) << "after the schedule's first wait";
  EXPECT_NE(d[3].as<std::string>().find("refused"), std::string::npos) << d[3].as<std::string>();
  pqxx::connection c(rig.db.url());
  pqxx::nontransaction tx(c);
  const pqxx::row a = tx.exec_params1(
      "SELECT refused, status IS NULL, coalesce(error, ''), request_headers FROM notifications.webhook_attempts "
      "WHERE delivery_id = $1::uuid",
      delivery);
  EXPECT_TRUE(a[0].as<bool>());
  EXPECT_TRUE(a[1].as<bool>()) << "no answer: nothing was sent";
  EXPECT_FALSE(a[2].as<std::string>().empty());
  const std::string headers = a[3].as<std::string>();
  EXPECT_EQ(headers.find("s3cret-value"), std::string::npos) << "the secret is redacted: " << headers;
  EXPECT_NE(headers.find("[redacted]"), std::string::npos) << headers;
}

TEST(WebhookSender, TheLogKeepsItsRetentionOnly) {
  NotificationsConfig config = defaults();
  config.webhook_log_retention = std::chrono::hours(24);
  Rig rig(config);
  const std::string hook = rig.hook_to(9);
  const std::string old_delivery = rig.ping(hook);
  const std::string recent_delivery = rig.ping(hook);
  {
    pqxx::connection c(rig.db.url());
    pqxx::work tx(c);
    tx.exec_params(
        "UPDATE notifications.webhook_deliveries SET state = 'succeeded', updated_at = now() - interval '2 days' "
        "WHERE id = $1::uuid",
        old_delivery);
    for (const auto& [id, age] : {std::pair{old_delivery, "2 days"}, std::pair{recent_delivery, "1 hour"}}) {
      tx.exec_params(
          "INSERT INTO notifications.webhook_attempts (delivery_id, attempt, started_at, duration_ms, "
          "request_headers) VALUES ($1::uuid, 1, now() - $2::interval, 5, '{}')",
          id, std::string(age));
    }
    tx.commit();
  }
  prune_webhook_log(*rig.wh);
  pqxx::connection c(rig.db.url());
  pqxx::nontransaction tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM notifications.webhook_attempts")[0].as<int>(), 1);
  EXPECT_EQ(
      tx.exec_params1("SELECT count(*) FROM notifications.webhook_deliveries WHERE id = $1::uuid", old_delivery)[0]
          .as<int>(),
      0)
      << "a finished delivery older than the retention goes";
  EXPECT_EQ(
      tx.exec_params1("SELECT count(*) FROM notifications.webhook_deliveries WHERE id = $1::uuid", recent_delivery)[0]
          .as<int>(),
      1)
      << "a pending one stays, whatever its age";
}

TEST(WebhookSender, SecretsAreSealedAnewUnderTheCurrentKey) {
  const auto old_key = crypto::derive_secret_key("the-old-secret-long-enough-0123456789", "webhook-secrets");
  const auto new_key = crypto::derive_secret_key("the-new-secret-long-enough-0123456789", "webhook-secrets");
  NotificationsConfig config = defaults();
  Rig before(config);
  // Sealed under the old key, as a hook saved before the rotation was.
  const crypto::SecretBox old_box({old_key});
  const std::string hook = before.hook_to(9);
  auto sealed_now = [&] {
    pqxx::connection c(before.db.url());
    pqxx::nontransaction tx(c);
    return tx.exec_params1("SELECT secret_sealed FROM notifications.webhooks WHERE id = $1::uuid", hook)[0]
        .as<std::string>();
  };
  {
    pqxx::connection c(before.db.url());
    pqxx::work tx(c);
    tx.exec_params("UPDATE notifications.webhooks SET secret_sealed = $2 WHERE id = $1::uuid", hook,
                   crypto::to_text(old_box.seal("kept-secret")));
    tx.commit();
  }
  // The new key first, the old one still there to open what it sealed.
  before.wh = std::make_unique<WebhookContext>(before.ctx, [&] {
    NotificationsConfig c = config;
    c.auth_addresses = {config::HostPort{"127.0.0.1", 1}};
    c.webhook_secret_keys = {new_key, old_key};
    return c;
  }());
  EXPECT_EQ(reseal_webhook_secrets(*before.wh), 1u);
  const auto sealed = crypto::sealed_from_text(sealed_now());
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->key_id, new_key.id);
  const crypto::SecretBox new_only({new_key});
  EXPECT_EQ(new_only.open(*sealed), "kept-secret") << "the old key may go now";
  EXPECT_EQ(reseal_webhook_secrets(*before.wh), 0u) << "nothing left to do";
}

}  // namespace
}  // namespace hub::notifications
