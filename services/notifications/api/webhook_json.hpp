#pragma once
// Webhooks as the API answers them: the Hub's webhook object (huggingface_hub's WebhookInfo reads
// id, url, watched, domains, secret, disabled) with our additions, and the delivery log. A hook's
// secret is never written: `hasSecret` says whether it has one.
#include <map>
#include <string>
#include <vector>

#include "common/json/json.hpp"
#include "services/notifications/domain/webhook_records.hpp"

namespace hub::notifications {

void write_webhook(json::Writer& w, const HookRow& hook, int configured_cap);
// {"webhook": {...}}
std::string webhook_answer(const HookRow& hook, int configured_cap);

void write_delivery(json::Writer& w, const DeliveryRow& d, const std::vector<AttemptRow>& attempts);
// {"delivery": {...}}
std::string delivery_answer(const DeliveryRow& d, const std::vector<AttemptRow>& attempts);

}  // namespace hub::notifications
