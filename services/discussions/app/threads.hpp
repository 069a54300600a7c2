#pragma once
// The use cases of a repo's threads: each checks who may act, runs in one transaction with its
// counters and its outbox events, and calls repos (for a number) only before that transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/http/idempotency.hpp"
#include "common/service/peer.hpp"
#include "common/service/service.hpp"
#include "services/discussions/app/place.hpp"
#include "services/discussions/domain/list_query.hpp"
#include "services/discussions/domain/records.hpp"

namespace hub::discussions {

// A POST's Idempotency-Key and what identifies its request (method, path and body, hashed).
using http::IdempotencyKey;

struct ThreadPage {
  std::vector<ThreadRow> threads;
  std::int64_t count = 0;        // threads the filters select
  std::int64_t start = 0;        // how many came before this page
  std::int64_t closed = 0;       // closed threads of the kind asked for
  std::optional<Position> next;  // where the next page starts; nullopt on the last
};
ThreadPage list_threads(service::Context& ctx, const Place& place, const ListQuery& query);

struct NewThread {
  std::string title;        // checked
  std::string description;  // "" for none, else checked
  bool pull_request = false;
  std::string head;  // a pull request opened from an existing branch ("" for the base's head)
};
// The new thread's number. A pull request opened here starts as a draft, its refs/pr/N created
// (through pulls, which asks repos) before the thread is stored.
std::int64_t open_discussion(service::Context& ctx, const service::Peer& repos, const service::Peer& pulls,
                             const Place& place, const access::Identity* who, const NewThread& thread,
                             const IdempotencyKey* idem, const std::string& request_id);

struct ThreadDetails {
  ThreadRow thread;
  std::vector<EventRow> events;
  bool more = false;  // events after these
  // An open or draft pull request's files that conflict with its base (empty once merged or
  // closed); nullopt when pulls could not say.
  std::optional<std::vector<std::string>> conflicts;
};
// 404 for a number that is not a thread of the repo.
ThreadDetails thread_details(service::Context& ctx, const service::Peer& pulls, const Place& place, std::int64_t num,
                             std::int64_t after_seq, std::int64_t limit, const std::string& request_id);

EventRow post_comment(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* who,
                      const std::string& text, const IdempotencyKey* idem);
EventRow edit_comment(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* who,
                      const std::string& comment_id, const std::string& text);
EventRow hide_comment(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* who,
                      const std::string& comment_id);
// The status-change event.
EventRow change_status(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* who,
                       Status status, const std::string& comment, const IdempotencyKey* idem);
// The title-change event.
EventRow rename_thread(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* who,
                       const std::string& title);
ThreadRow set_thread_flags(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* who,
                           std::optional<bool> pinned, std::optional<bool> locked);
// The comment with its reactions after adding (or removing) the caller's `emoji`.
EventRow react(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* who,
               const std::string& comment_id, const std::string& emoji, bool add);

// For repos and pulls (/internal/): a pull request's thread for a number repos allocated (the same
// answer again when it exists), its commits (once each) and its merge.
// The review record is opened at pulls first, at the commit repos already put refs/pr/N on.
ThreadRow open_pull_request_thread(service::Context& ctx, const service::Peer& pulls, const Place& place,
                                   std::int64_t num, const NewThread& thread, const access::Identity& author,
                                   const std::string& base_ref, const std::string& head_sha,
                                   const std::string& request_id);

// A thread as pulls asks for it (its status, title, author, description); nullopt when none.
struct ThreadSummary {
  ThreadRow thread;
  std::string description;  // the first comment's text when the author wrote it and it is not hidden
};
std::optional<ThreadSummary> thread_summary(service::Context& ctx, const std::string& repo_id, std::int64_t num);
void record_commit(service::Context& ctx, const Place& place, std::int64_t num, const std::string& oid,
                   const std::string& subject, const access::Identity& author);
// With the merger's comment ("" for none), posted once, with the merge: whichever of pulls' call
// and its pull.merged event arrives first records both, the other nothing.
void record_merged(service::Context& ctx, const Place& place, std::int64_t num, const std::string& merge_commit_id,
                   const access::Identity& actor, const std::string& comment);
// The same in the caller's transaction (the event's consumer).
void record_merged(service::Context& ctx, pqxx::work& tx, const Place& place, std::int64_t num,
                   const std::string& merge_commit_id, const access::Identity& actor, const std::string& comment);

}  // namespace hub::discussions
