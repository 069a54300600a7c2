#pragma once
// The inbox as its owner reads and marks it (docs/inbox.md, "The inbox API"). Every read path asks
// auth which of the repos the user has items of they may still read, and leaves the others' items
// out entirely (titles included) — in lists, counts and marks alike. Auth or the database away: 503.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/service/peer.hpp"
#include "common/service/service.hpp"
#include "services/notifications/domain/inbox_item.hpp"
#include "services/notifications/domain/inbox_query.hpp"

namespace hub::notifications {

struct InboxPage {
  std::vector<InboxItem> items;
  bool more = false;  // a next page starts below the last item's number
};

// Newest first, numbered below `before` when given. 401 without a signed-in caller.
InboxPage list_inbox(service::Context& ctx, const service::Peer& auth, const access::Identity* caller,
                     const InboxFilter& filter, std::optional<std::int64_t> before, std::size_t limit,
                     const std::string& request_id);
std::int64_t unread_count(service::Context& ctx, const service::Peer& auth, const access::Identity* caller,
                          const std::string& request_id);
// How many items changed.
std::int64_t mark_inbox(service::Context& ctx, const service::Peer& auth, const access::Identity* caller,
                        const MarkRequest& request, const std::string& request_id);
// One item, after the change; 404 for an item that is not the caller's (or of a repo they may no
// longer read).
InboxItem mark_item(service::Context& ctx, const service::Peer& auth, const access::Identity* caller, std::int64_t seq,
                    const std::string& state, const std::string& request_id);

}  // namespace hub::notifications
