#pragma once
// tests/support/webhook_receiver.py as the end-to-end tests use it: a receiver on 127.0.0.1 started
// with its flags (--secret, --fail-first, --hang-seconds, --status), stopped by its pid when the test
// ends, and what it recorded — one parsed line per request, with the payload parsed too and the
// receiver's own verdict on the signatures.
#include <strings.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_env.hpp"

namespace hub::test {

// The payload validates against schemas/events/webhook-payload.v3.schema.json, checked by Python's
// jsonschema (as tests/events/check_webhook_payloads.py does for every event type).
inline bool valid_payload_v3(const std::string& body) {
  const std::string path = require_env("HUB_TEST_DATA_DIR") + "/payload-" + util::random_id() + ".json";
  std::ofstream(path) << body;
  const std::string command =
      "/usr/bin/python3 -c 'import json,sys,jsonschema; "
      "jsonschema.Draft202012Validator(json.load(open(sys.argv[2]))).validate("
      "json.load(open(sys.argv[1])))' " +
      path + " " + HUB_SOURCE_DIR + "/schemas/events/webhook-payload.v3.schema.json";
  const int rc = std::system(command.c_str());
  std::remove(path.c_str());
  return rc == 0;
}

struct ReceivedRequest {
  std::string webhook_id;
  int attempt = 0;         // the receiver's count of requests with this webhook-id
  int status = 0;          // what it answered
  double time = 0;         // unix seconds, when it had read the request
  bool verified = false;   // both signatures and X-Webhook-Secret checked by its own Python
  json::Document line;     // the whole record (headers, checks, ...)
  json::Document payload;  // the body, parsed
  std::string header(const char* name) const {
    const json::Value& h = line["headers"];
    for (auto it = h.MemberBegin(); it != h.MemberEnd(); ++it) {
      if (strcasecmp(it->name.GetString(), name) == 0) return it->value.GetString();
    }
    return {};
  }
  std::string scope() const { return payload.HasMember("event") ? payload["event"]["scope"].GetString() : ""; }
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(const std::vector<std::string>& flags = {}) {
    std::vector<std::string> args{std::string(HUB_SOURCE_DIR) + "/tests/support/webhook_receiver.py", "--log",
                                  log_path()};
    args.insert(args.end(), flags.begin(), flags.end());
    process_ = std::make_unique<Process>("/usr/bin/python3", args, std::map<std::string, std::string>{},
                                         dir_.path() + "/receiver.out");
    port_ = process_->wait_for_listen(std::chrono::seconds(10));
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

  std::vector<ReceivedRequest> requests() const {
    std::vector<ReceivedRequest> out;
    std::ifstream in(log_path());
    for (std::string text; std::getline(in, text);) {
      auto line = json::parse_object(text, json::ParseLimits{64 << 20, 128});
      if (!line) continue;  // a line still being written
      ReceivedRequest r;
      r.line = std::move(line).value();
      r.webhook_id = r.line["webhook_id"].GetString();
      r.attempt = r.line["attempt"].GetInt();
      r.status = r.line["status"].GetInt();
      r.time = r.line["time"].GetDouble();
      r.verified = r.line["verified"].IsBool() && r.line["verified"].GetBool();
      auto payload = json::parse_object(r.line["body"].GetString(), json::ParseLimits{64 << 20, 128});
      if (payload) r.payload = std::move(payload).value();
      out.push_back(std::move(r));
    }
    return out;
  }

  // The requests that `keep` selects, once there are at least `n` of them (fewer at the deadline).
  std::vector<ReceivedRequest> wait_for(std::size_t n, const std::function<bool(const ReceivedRequest&)>& keep,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(30)) const {
    std::vector<ReceivedRequest> kept;
    eventually(
        [&] {
          kept.clear();
          for (auto& r : requests())
            if (keep(r)) kept.push_back(std::move(r));
          return kept.size() >= n;
        },
        timeout);
    return kept;
  }

 private:
  std::string log_path() const { return dir_.path() + "/requests.jsonl"; }

  TempDir dir_;
  std::unique_ptr<Process> process_;
  std::uint16_t port_ = 0;
};

}  // namespace hub::test
