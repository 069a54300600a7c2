#include "services/notifications/app/inbox_events.hpp"

#include <algorithm>

#include "common/events/catalog.hpp"
#include "common/util/uuid.hpp"
#include "services/notifications/app/fanout.hpp"
#include "services/notifications/domain/notice.hpp"
#include "services/notifications/domain/subject_url.hpp"
#include "services/notifications/store/pending_store.hpp"
#include "services/notifications/store/routing_store.hpp"
#include "services/notifications/store/watch_store.hpp"

namespace hub::notifications {
namespace {

// The repo has another name now: its items (their links too) and watches take it.
void follow_move(service::Context& ctx, pqxx::work& tx, const KnownRepo& repo) {
  rename_items(tx, repo.id, repo.type, repo.name);
  for (const auto& subject : item_subjects(tx, repo.id)) {
    relink_items(tx, repo.id, subject,
                 subject_url(ctx.settings.public_url, repo.type, repo.name, subject.subject_type, subject.num));
  }
  rename_repo_watches(tx, RepoOfWatch{repo.id, repo.type, repo.name});
}

// An id that is not a UUID cannot be stored as one: the person is kept by name then.
Participant participant_of(const Person& p, bool is_author) {
  return Participant{util::is_uuid(p.id) ? p.id : std::string(), p.name, is_author};
}

void record_thread(pqxx::work& tx, const Notice& n) {
  if (!n.title.empty()) remember_title(tx, n.repo_id, n.thread_num, n.title, n.occurred_at);
  auto add = [&](const Participant& p) {
    if (!p.user_id.empty() || !p.user_name.empty()) add_participant(tx, n.repo_id, n.thread_num, p);
  };
  if (n.thread_author) add(participant_of(*n.thread_author, true));
  for (const auto& p : n.joins)
    add(participant_of(p, false));
}

// A comment tells each person it mentions once, however often it is edited (and in whichever order
// its creation and edits arrive).
void keep_new_mentions(pqxx::work& tx, Notice& n) {
  if (n.comment_id.empty() || n.mentions.empty()) return;
  std::vector<std::string> keys;
  for (const auto& m : n.mentions)
    keys.push_back(m.key());
  const auto fresh = new_mentions(tx, n.repo_id, n.comment_id, keys);
  std::erase_if(n.mentions,
                [&](const Mention& m) { return std::find(fresh.begin(), fresh.end(), m.key()) == fresh.end(); });
}

}  // namespace

void follow_inbox_event(service::Context& ctx, pqxx::work& tx, const events::Envelope& event,
                        events::AfterCommit& after_commit) {
  if (!event.repo || event.repo->id.empty()) return;
  const KnownRepo named{event.repo->id, event.repo->type, event.repo->name, false};
  if (event.type == events::RepoDeleted::kType) {
    forget_repo(tx, named, event.occurred_at);
    return;
  }
  const RepoNaming naming = remember_repo(tx, named, event.occurred_at);
  if (naming.repo.deleted) return;  // a late event of a deleted repo tells nobody
  if (naming.renamed) follow_move(ctx, tx, naming.repo);
  auto notice = notice_of(event);
  if (!notice) return;
  record_thread(tx, *notice);
  keep_new_mentions(tx, *notice);
  if (!notice->reaches_anyone()) return;
  add_pending(tx, notice->event_id, notice->repo_id, notice_json(*notice));
  after_commit.add(wake_fanout);
}

}  // namespace hub::notifications
