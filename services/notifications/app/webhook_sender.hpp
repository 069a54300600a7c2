#pragma once
// Sending deliveries (docs/webhooks.md, "Deliveries"). Each pass:
//  1. records the attempts that finished since the last one (in one transaction): the attempt in the log (headers with
//     the secret redacted, status, the response's first KiB, duration, error), and the delivery's
//     next state — succeeded on a 2xx, else due again after the next step of the retry schedule, or
//     failed once it is spent; a hook that has failed for HUB_WEBHOOK_DISABLE_AFTER is disabled and
//     its owner told (a notice worked off into the inbox);
//  2. claims due deliveries with a lease (SKIP LOCKED, so replicas never send one twice at once),
//     at most HUB_WEBHOOK_IN_FLIGHT_PER_HOOK of a hook in flight here, so a slow receiver holds up
//     only its own hook;
//  3. asks auth whether each hook's owner may still read the delivery's repo (withheld if not);
//  4. applies the daily cap (a delivery over it is deferred to when the window allows, never
//     dropped);
//  5. signs and starts each on the asynchronous outbound client, which calls back on its own
//     thread; the result waits in a queue for the next pass.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/http/outbound.hpp"
#include "services/notifications/app/webhook_context.hpp"
#include "services/notifications/store/delivery_store.hpp"

namespace hub::notifications {

class WebhookSender {
 public:
  WebhookSender(WebhookContext& wh, http::OutboundOptions options);
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  struct PassResult {
    std::size_t recorded = 0;  // attempts written to the log
    std::size_t started = 0;   // attempts sent off
  };
  PassResult pass();
  std::size_t in_flight() const;

 private:
  struct Flight {
    DueDelivery delivery;
    std::string headers_json;  // as the log keeps them (redacted)
    std::int64_t started_ms = 0;
  };
  struct Finished {
    Flight flight;
    http::OutboundResult result;
  };

  // What writing one attempt decided.
  struct Recorded {
    bool ok = false;
    NextState next;
    int number = 0;  // the attempt's number; 0 when its hook went away meanwhile
    bool disabled = false;
  };
  std::size_t record_finished();
  void record(const std::vector<Finished>& finished);
  Recorded record_one(pqxx::work& tx, const Finished& finished);
  std::vector<DueDelivery> claim();
  std::vector<DueDelivery> still_readable(std::vector<DueDelivery> due);
  std::vector<DueDelivery> within_cap(std::vector<DueDelivery> due);
  void start(DueDelivery delivery);

  WebhookContext& wh_;
  std::map<std::string, int> in_flight_;  // by hook; the pass's thread only
  mutable std::mutex mutex_;
  std::vector<Finished> finished_;  // filled by the client's thread
  std::size_t flying_ = 0;          // under mutex_
  http::OutboundClient client_;     // last: destroyed first, while the queue it reports to still exists
};

}  // namespace hub::notifications
