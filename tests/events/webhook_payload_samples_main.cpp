// Reads envelopes, one JSON document per line (what hub-event-samples prints), and prints the
// webhook payload each becomes (services/notifications/domain/webhook_payload.hpp), once for a
// public and once for a private repo, then a test ping: one JSON document per line, for
// check_webhook_payloads.py to validate against schemas/events/webhook-payload.v3.schema.json.
#include <iostream>
#include <string>

#include "services/notifications/domain/webhook_payload.hpp"

int main() {
  using namespace hub::notifications;  // NOLINT(google-build-using-namespace)
  std::string line;
  while (std::getline(std::cin, line)) {
    auto envelope = hub::events::parse_envelope(line);
    if (!envelope) {
      std::cerr << "not an envelope: " << envelope.error() << "\n";
      return 1;
    }
    const auto what = webhook_event_of(envelope.value());
    if (!what) continue;
    for (bool is_private : {false, true}) {
      const PayloadFacts facts{"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", is_private,
                               "5d6e7f80-9a0b-4c1d-8e2f-3a4b5c6d7e8f", "7f8e9d0c-1b2a-4394-a5b6-c7d8e9f0a1b2",
                               "https://hub.example.com"};
      std::cout << envelope.value().type << "\t" << build_payload(envelope.value(), *what, facts) << "\n";
    }
  }
  std::cout << "webhook.ping\t" << build_ping("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d") << "\n";
  return 0;
}
