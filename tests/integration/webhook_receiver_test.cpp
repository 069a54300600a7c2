// tests/support/webhook_receiver.py, the receiver the webhook tests and benchmark deliver to, checked
// against the hub's own code: deliveries signed by the notifications domain and sent by the outbound
// client are verified by the receiver's independent Python (hmac, hashlib, base64) for both schemes
// and the Hub's plain secret; a changed byte fails; --fail-first, --hang-seconds and --status behave.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/http/outbound.hpp"
#include "common/json/json.hpp"
#include "services/notifications/domain/signatures.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/process.hpp"

namespace hub {
namespace {

using namespace std::chrono_literals;

class Receiver {
 public:
  explicit Receiver(const std::vector<std::string>& flags) {
    std::vector<std::string> args{std::string(HUB_SOURCE_DIR) + "/tests/support/webhook_receiver.py", "--log",
                                  log_path(), "--port-file", dir_.path() + "/port"};
    args.insert(args.end(), flags.begin(), flags.end());
    process_ = std::make_unique<test::Process>("/usr/bin/python3", args, std::map<std::string, std::string>{},
                                               dir_.path() + "/receiver.out");
    port_ = process_->wait_for_listen(10s);
  }

  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::string log_path() const { return dir_.path() + "/requests.jsonl"; }
  std::string port_file() const {
    std::ifstream in(dir_.path() + "/port");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::vector<json::Document> lines() const {
    std::vector<json::Document> out;
    std::ifstream in(log_path());
    for (std::string line; std::getline(in, line);)
      out.push_back(json::parse_object(line).value());
    return out;
  }

 private:
  test::TempDir dir_;
  std::unique_ptr<test::Process> process_;
  std::uint16_t port_ = 0;
};

// A delivery as the webhook engine sends it: the Hub's secret header and both signatures.
http::OutboundRequest delivery(const std::string& url, const std::string& secret, const std::string& id,
                               const std::string& body) {
  const std::string timestamp = std::to_string(std::time(nullptr));
  http::OutboundRequest r;
  r.url = url;
  r.body = body;
  r.deadline = 5s;
  r.headers.set("Content-Type", "application/json");
  r.headers.set("X-Webhook-Secret", secret);
  r.headers.set("webhook-id", id);
  r.headers.set("webhook-timestamp", timestamp);
  r.headers.set("webhook-signature", notifications::standard_webhooks_signature(secret, id, timestamp, body));
  r.headers.set("X-Hub-Signature-256", notifications::hub_signature_256(secret, body));
  return r;
}

http::OutboundClient local_client() {
  http::OutboundOptions o;
  o.allow_private = true;
  return http::OutboundClient(o);
}

bool check(const json::Document& line, const char* name) {
  return line["checks"][name].GetBool();
}

TEST(WebhookReceiver, VerifiesTheHubsSignaturesIndependentlyAndFailsFirstAttempts) {
  const std::string secret = "It's a Secret to Everybody";
  Receiver receiver({"--secret", secret, "--fail-first", "2"});
  EXPECT_EQ(receiver.port_file(), std::to_string(receiver.port()) + "\n");
  auto client = local_client();
  const std::string body = R"({"event":{"action":"create","scope":"discussion.comment"},"repo":{"name":"acme/bert"}})";
  const auto request = delivery(receiver.url(), secret, "msg_1", body);
  EXPECT_EQ(client.send_and_wait(request).status, 500);
  EXPECT_EQ(client.send_and_wait(request).status, 500);
  EXPECT_EQ(client.send_and_wait(request).status, 200);
  EXPECT_EQ(client.send_and_wait(delivery(receiver.url(), secret, "msg_2", body)).status, 500) << "counted per id";

  auto lines = receiver.lines();
  ASSERT_EQ(lines.size(), 4u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_TRUE(lines[i]["verified"].GetBool()) << "request " << i;
    EXPECT_EQ(std::string(lines[i]["body"].GetString()), body);
    EXPECT_EQ(std::string(lines[i]["method"].GetString()), "POST");
    EXPECT_EQ(std::string(lines[i]["path"].GetString()), "/hook");
  }
  EXPECT_EQ(lines[2]["attempt"].GetInt(), 3);
  EXPECT_EQ(lines[2]["status"].GetInt(), 200);
  EXPECT_EQ(std::string(lines[3]["webhook_id"].GetString()), "msg_2");
  EXPECT_EQ(lines[3]["attempt"].GetInt(), 1);
}

TEST(WebhookReceiver, AnyChangedPartFailsItsCheck) {
  const std::string secret = "s3cret";
  Receiver receiver({"--secret", secret});
  auto client = local_client();
  const std::string body = R"({"n":1})";

  auto changed_body = delivery(receiver.url(), secret, "msg_a", body);
  changed_body.body = R"({"n":2})";
  EXPECT_EQ(client.send_and_wait(changed_body).status, 200);
  auto wrong_secret = delivery(receiver.url(), "not the secret", "msg_b", body);
  EXPECT_EQ(client.send_and_wait(wrong_secret).status, 200);
  auto stale = delivery(receiver.url(), secret, "msg_c", body);
  const std::string old = std::to_string(std::time(nullptr) - 3600);
  stale.headers.set("webhook-timestamp", old);
  stale.headers.set("webhook-signature", notifications::standard_webhooks_signature(secret, "msg_c", old, body));
  EXPECT_EQ(client.send_and_wait(stale).status, 200);

  auto lines = receiver.lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_FALSE(lines[0]["verified"].GetBool());
  EXPECT_TRUE(check(lines[0], "x_webhook_secret"));
  EXPECT_FALSE(check(lines[0], "webhook_signature"));
  EXPECT_FALSE(check(lines[0], "x_hub_signature_256"));
  EXPECT_FALSE(check(lines[1], "x_webhook_secret"));
  EXPECT_FALSE(check(lines[1], "webhook_signature"));
  EXPECT_FALSE(check(lines[1], "x_hub_signature_256"));
  EXPECT_FALSE(lines[2]["verified"].GetBool()) << "a timestamp an hour old is refused";
  EXPECT_FALSE(check(lines[2], "webhook_signature"));
  EXPECT_TRUE(check(lines[2], "x_hub_signature_256"));
}

TEST(WebhookReceiver, WhsecSecretsAreTheirBase64OnBothSides) {
  // The Standard Webhooks specification's example secret: its key is the decoded bytes.
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  Receiver receiver({"--secret", secret});
  auto client = local_client();
  EXPECT_EQ(client.send_and_wait(delivery(receiver.url(), secret, "msg_w", R"({"test": 2432232314})")).status, 200);
  auto lines = receiver.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0]["verified"].GetBool());
}

TEST(WebhookReceiver, HangsAndFixedStatuses) {
  Receiver hanging({"--hang-seconds", "5"});
  Receiver gone({"--status", "410"});
  auto client = local_client();
  auto request = delivery(hanging.url(), "s", "msg_h", "{}");
  request.deadline = 300ms;
  const auto cut = client.send_and_wait(request);
  EXPECT_TRUE(cut.timed_out) << cut.error;
  // Recorded on arrival, before the hang: the receiver saw what the deadline cut.
  ASSERT_TRUE(test::eventually([&] { return hanging.lines().size() == 1; }, 5s));
  EXPECT_TRUE(hanging.lines()[0]["verified"].IsNull()) << "no --secret: nothing checked";

  EXPECT_EQ(client.send_and_wait(delivery(gone.url(), "s", "msg_g", "{}")).status, 410);
}

}  // namespace
}  // namespace hub
