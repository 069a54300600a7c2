#include "services/notifications/app/fanout.hpp"

#include <algorithm>
#include <map>

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/log/log.hpp"
#include "common/metrics/metrics.hpp"
#include "common/service/repo_people.hpp"
#include "common/util/random.hpp"
#include "common/work/background.hpp"
#include "services/notifications/domain/notice.hpp"
#include "services/notifications/domain/recipients.hpp"
#include "services/notifications/domain/subject_url.hpp"
#include "services/notifications/store/inbox_store.hpp"
#include "services/notifications/store/pending_store.hpp"
#include "services/notifications/store/routing_store.hpp"
#include "services/notifications/store/watch_store.hpp"

namespace hub::notifications {
namespace {

// auth answers questions of at most this many people (ids, names and groups together).
constexpr std::size_t kPeoplePerQuestion = 200;
// A notice that fails this often for a reason of its own (not an outage) is set aside.
constexpr int kMaxAttempts = 10;
constexpr std::chrono::milliseconds kFirstBackoff{500};

struct Counters {
  metrics::Counter& items = metrics::Registry::global().counter("hub_inbox_items_total", "Inbox items inserted");
  metrics::Counter& notices =
      metrics::Registry::global().counter("hub_inbox_notices_total", "Pending notices fanned out");
  metrics::Counter& postponed = metrics::Registry::global().counter(
      "hub_inbox_notices_postponed_total", "Fan-outs put off for later (auth or the database away)");
  metrics::Counter& failed = metrics::Registry::global().counter(
      "hub_inbox_notices_failed_total", "Notices set aside after failing for a reason of their own");
};

Counters& counters() {
  static Counters c;
  return c;
}

work::Background& loop() {
  static work::Background background;
  return background;
}

// Raised when the repo changed name between the question to auth and the insert: asked again soon.
struct Renamed : std::runtime_error {
  Renamed() : std::runtime_error("the repo was renamed meanwhile") {}
};

struct Claimed {
  PendingNotice row;
  Notice notice;
};

// What the database knows for one repo's notices of a pass.
struct RepoFacts {
  KnownRepo repo;
  Followers followers;
  std::map<std::int64_t, std::vector<Participant>> participants;
  std::map<std::int64_t, std::string> titles;
};

RepoFacts read_facts(service::Context& ctx, const std::vector<Claimed>& group) {
  const Notice& first = group.front().notice;
  std::vector<std::int64_t> nums;
  for (const auto& c : group)
    if (std::find(nums.begin(), nums.end(), c.notice.thread_num) == nums.end()) nums.push_back(c.notice.thread_num);
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    RepoFacts f;
    f.repo =
        find_known_repo(tx, first.repo_id).value_or(KnownRepo{first.repo_id, first.repo_type, first.repo_name, false});
    f.followers = followers_of(tx, f.repo.id, f.repo.name.substr(0, f.repo.name.find('/')));
    f.participants = thread_participants(tx, f.repo.id, nums);
    f.titles = thread_titles(tx, f.repo.id, nums);
    return f;
  });
}

PeopleFacts ask_auth(const service::Peer& auth, const KnownRepo& repo, const PeopleQuestion& question) {
  PeopleFacts facts;
  if (question.empty()) return facts;
  const domain::RepoPlace place = domain::repo_place(repo.id, repo.type, repo.name);
  const std::string request_id = util::random_id();
  auto reader = [](const service::PersonRole& p) { return RepoReader{p.id, p.name, p.role >= access::Role::kRead}; };
  for (const auto& piece : question.split(kPeoplePerQuestion)) {
    const service::People people =
        service::people_on_repo(auth, place, service::PeopleQuery{piece.ids, piece.names, piece.groups}, request_id);
    PeopleFacts more;
    for (const auto& u : people.users)
      more.users.push_back(reader(u));
    for (const auto& g : people.groups) {
      GroupOfReaders group{g.name, {}};
      for (const auto& m : g.members)
        group.members.push_back(reader(m));
      more.groups.push_back(std::move(group));
    }
    facts.add(std::move(more));
  }
  return facts;
}

std::string title_of(const Notice& n, const RepoFacts& facts) {
  if (auto known = facts.titles.find(n.thread_num); known != facts.titles.end()) return known->second;
  if (!n.title.empty()) return n.title;
  const char* kind = n.subject_type == "pull_request" ? "Pull request #"
                     : n.subject_type == "bug"        ? "Bug #"
                                                      : "Discussion #";
  return kind + std::to_string(n.thread_num);
}

std::vector<std::string> event_ids(const std::vector<Claimed>& group) {
  std::vector<std::string> ids;
  for (const auto& c : group)
    ids.push_back(c.row.event_id);
  return ids;
}

// One repo's notices: recipients chosen with one question to auth, items inserted and notices
// deleted in one transaction.
void deliver(service::Context& ctx, const service::Peer& auth, LiveSignal& live, const std::vector<Claimed>& group) {
  const RepoFacts facts = read_facts(ctx, group);
  std::vector<NewInboxItem> items;
  if (!facts.repo.deleted) {
    auto participants_of = [&](const Notice& n) -> const std::vector<Participant>& {
      static const std::vector<Participant> kNone;
      auto it = facts.participants.find(n.thread_num);
      return it == facts.participants.end() ? kNone : it->second;
    };
    PeopleQuestion question;
    for (const auto& c : group)
      question.add(question_for(c.notice, facts.followers, participants_of(c.notice)));
    const PeopleFacts people = ask_auth(auth, facts.repo, question);
    for (const auto& c : group) {
      const Notice& n = c.notice;
      const std::string title = title_of(n, facts);
      const std::string url =
          subject_url(ctx.settings.public_url, facts.repo.type, facts.repo.name, n.subject_type, n.thread_num);
      for (const auto& r : recipients(n, facts.followers, participants_of(n), people)) {
        items.push_back(NewInboxItem{r.user_id, n.event_id, n.event_type, std::string(reason_name(r.reason)),
                                     facts.repo.id, facts.repo.type, facts.repo.name, n.thread_num, n.subject_type,
                                     title, url, n.actor ? std::optional(n.actor->name) : std::nullopt});
      }
    }
  }
  const auto ids = event_ids(group);
  const auto inserted = db::transact(ctx.db, [&](pqxx::work& tx) {
    // Locked until the commit: a move consumed meanwhile waits, then renames these items too.
    const auto now = find_known_repo(tx, facts.repo.id, true);
    std::vector<InsertedItem> done;
    if (now && now->deleted) {
      finish_pending(tx, ids);  // gone with its repo (the consumer deleted the rest)
      return done;
    }
    if (now && (now->name != facts.repo.name || now->type != facts.repo.type)) throw Renamed();
    done = insert_inbox_items(tx, items);
    finish_pending(tx, ids);
    return done;
  });
  counters().notices.inc(group.size());
  counters().items.inc(inserted.size());
  live.announce(inserted);
}

bool is_outage(const ApiError& e) {
  return e.status() == 502 || e.status() == 503 || e.status() == 504;
}

std::chrono::milliseconds backoff(int attempts, const FanoutOptions& options) {
  auto delay = kFirstBackoff;
  for (int i = 1; i < attempts && delay < options.max_backoff; ++i)
    delay *= 2;
  return std::min(delay, options.max_backoff);
}

// An outage (auth or the database away, a rename under way) postpones without limit; any other
// failure is retried kMaxAttempts times, then the notice is set aside with its error.
void put_off(service::Context& ctx, const std::vector<Claimed>& group, const std::string& error, bool outage,
             const FanoutOptions& options) {
  std::vector<std::string> later, failed;
  int attempts = 0;
  for (const auto& c : group) {
    if (!outage && c.row.attempts >= kMaxAttempts) {
      failed.push_back(c.row.event_id);
    } else {
      later.push_back(c.row.event_id);
      attempts = std::max(attempts, c.row.attempts);
    }
  }
  log::warn("inbox.fanout_postponed",
            {{"repo", group.front().row.repo_id}, {"notices", group.size()}, {"attempts", attempts}, {"error", error}});
  counters().postponed.inc(later.size());
  if (!failed.empty()) {
    counters().failed.inc(failed.size());
    log::error("inbox.notices_set_aside", {{"repo", group.front().row.repo_id}, {"error", error}});
  }
  try {
    db::transact(ctx.db, [&](pqxx::work& tx) {
      postpone_pending(tx, later, backoff(attempts, options), error);
      fail_pending(tx, failed, error);
    });
  } catch (const std::exception&) {
    // The database is away too: the claims' leases run out and the notices come back by themselves.
  }
}

}  // namespace

std::size_t fan_out_pending(service::Context& ctx, const service::Peer& auth, LiveSignal& live,
                            const FanoutOptions& options) {
  const auto rows =
      db::transact(ctx.db, [&](pqxx::work& tx) { return claim_pending(tx, options.batch, options.lease); });
  std::map<std::string, std::vector<Claimed>> by_repo;
  std::vector<std::string> unreadable;
  for (const auto& row : rows) {
    auto notice = parse_notice(row.notice_json);
    if (!notice) {
      unreadable.push_back(row.event_id);
      log::error("inbox.unreadable_notice", {{"event", row.event_id}, {"error", notice.error()}});
      continue;
    }
    by_repo[row.repo_id].push_back(Claimed{row, std::move(notice).value()});
  }
  if (!unreadable.empty()) {
    db::transact(ctx.db, [&](pqxx::work& tx) { fail_pending(tx, unreadable, "unreadable notice"); });
  }
  for (const auto& [repo_id, group] : by_repo) {
    try {
      deliver(ctx, auth, live, group);
    } catch (const ApiError& e) {
      put_off(ctx, group, e.message() + (e.detail().empty() ? "" : ": " + e.detail()), is_outage(e), options);
    } catch (const Renamed& e) {
      put_off(ctx, group, e.what(), true, options);
    } catch (const std::exception& e) {
      put_off(ctx, group, e.what(), false, options);
    }
  }
  return rows.size();
}

void start_fanout(service::Context& ctx, std::shared_ptr<const service::Peer> auth, std::shared_ptr<LiveSignal> live,
                  FanoutOptions options) {
  loop().start([&ctx, auth = std::move(auth), live = std::move(live), options] {
    while (!loop().stopping()) {
      std::size_t claimed = 0;
      try {
        claimed = fan_out_pending(ctx, *auth, *live, options);
      } catch (const std::exception& e) {
        log::warn("inbox.fanout_failed", {{"error", e.what()}});  // the database away: next pass
      }
      // A full batch: more may be due, at once.
      if (claimed < options.batch && !loop().sleep_for(options.interval)) break;
    }
  });
}

void wake_fanout() {
  loop().wake();
}

}  // namespace hub::notifications
