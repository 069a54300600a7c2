#pragma once
// Events as webhook receivers see them: the Hub's payload v3 (docs/webhooks.md; huggingface_hub's
// WebhookPayload parses it), built from the events of common/events/catalog.hpp, and our scopes for
// reviews, statuses and bug reports. schemas/events/webhook-payload.v3.schema.json describes every body built
// here; docs/webhooks.md has the table of which event becomes which scope and action.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/events/envelope.hpp"

namespace hub::notifications {

struct WebhookEvent {
  // repo, repo.content, repo.config, discussion, discussion.comment, pull_request.review, status,
  // bug, bug.comment, bug.label, bug.template
  std::string scope;
  std::string action;  // create, delete, update, move
};

// The scope and action an event becomes, or nullopt when no webhook carries it (repo.updated, which
// always comes with a repo.config saying the same; pull.merged, whose thread's discussion.updated
// says it; repo.access_request; types this service does not know).
std::optional<WebhookEvent> webhook_event_of(const events::Envelope& event);

// The namespaces (lower case) through which a hook watching a user or org sees the event: the
// repo's, and for a move also the one it left.
std::vector<std::string> watching_namespaces(const events::Envelope& event);

// What a payload needs besides the event: the hook it is for, and facts about the repo at the time
// it is matched (its visibility is asked of auth then: an event does not always say it).
struct PayloadFacts {
  std::string webhook_id;
  bool repo_private = false;
  std::string owner_id;           // the id of the repo's namespace (user or org); "" when unknown
  std::string moved_to_owner_id;  // repo.moved: the id of the new namespace
  std::string public_url;         // HUB_PUBLIC_URL, no trailing slash
};

// The JSON body for one hook. `event.repo` must be set (every event webhook_event_of() maps has one).
std::string build_payload(const events::Envelope& event, const WebhookEvent& what, const PayloadFacts& facts);

// The body of a test ping (POST …/webhooks/{id}/test): {event: {action: "ping", scope: "webhook"},
// webhook: {id, version: 3}, message}.
std::string build_ping(std::string_view webhook_id);

}  // namespace hub::notifications
