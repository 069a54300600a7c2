#include "services/discussions/app/threads.hpp"

#include <algorithm>

#include "common/db/idempotency.hpp"
#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/json/json.hpp"
#include "common/markdown/markdown.hpp"
#include "common/service/repo_numbers.hpp"
#include "common/util/uuid.hpp"
#include "services/discussions/app/permissions.hpp"
#include "services/discussions/app/pulls_client.hpp"
#include "services/discussions/app/thread_events.hpp"

namespace hub::discussions {
namespace {

// Pull requests opened through the API merge into the repo's main branch, as on the Hub.
constexpr std::string_view kBaseBranch = "main";

constexpr std::size_t kMaxLinkedReferences = 50;

constexpr std::string_view kSchema = "discussions";

ApiError no_thread(std::int64_t num) {
  return ApiError(ErrorCode::kNotFound, "no discussion #" + std::to_string(num) + " in this repo");
}

ThreadRow locked_thread(pqxx::work& tx, const Place& place, std::int64_t num) {
  auto thread = find_thread(tx, place.repo_id, num, true);
  if (!thread) throw no_thread(num);
  return *thread;
}

// `#N` links to a thread of this repo, or to its bug report of that number (known from bugs' events).
markdown::Rendered render_text(service::Context& ctx, const Place& place, const std::string& raw) {
  std::size_t looked_up = 0;
  markdown::Links links;
  links.profile_base = place.public_url;
  links.reference = [&](std::int64_t n) -> std::optional<std::string> {
    if (++looked_up > kMaxLinkedReferences) return std::nullopt;
    enum class Kind { kNone, kThread, kBug };
    const Kind kind = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
      if (find_thread(tx, place.repo_id, n)) return Kind::kThread;
      return is_bug_number(tx, place.repo_id, n) ? Kind::kBug : Kind::kNone;
    });
    if (kind == Kind::kNone) return std::nullopt;
    return kind == Kind::kThread ? place.web_url(n) : place.bug_web_url(n);
  };
  return markdown::render(raw, links);
}

// A new comment with its first version, counted on the thread.
EventRow add_comment(pqxx::work& tx, const ThreadRow& thread, const access::Identity& who, const std::string& raw,
                     const markdown::Rendered& rendered) {
  EventRow comment;
  comment.id = util::uuid4();
  comment.repo_id = thread.repo_id;
  comment.num = thread.num;
  comment.type = EventType::kComment;
  comment.author_id = who.user_id;
  comment.author_name = who.user_name;
  comment = insert_event(tx, std::move(comment), raw);
  insert_version(tx, comment.id, 1, raw, rendered.html, who.user_id, who.user_name);
  comment.versions.push_back(CommentVersion{raw, rendered.html, who.user_name, comment.created_at});
  touch(tx, thread.repo_id, thread.num, 1);
  return comment;
}

EventRow add_change(pqxx::work& tx, const ThreadRow& thread, const access::Identity& who, EventType type,
                    std::string data) {
  EventRow change;
  change.id = util::uuid4();
  change.repo_id = thread.repo_id;
  change.num = thread.num;
  change.type = type;
  change.author_id = who.user_id;
  change.author_name = who.user_name;
  change.data = std::move(data);
  return insert_event(tx, std::move(change));
}

// An Idempotency-Key's earlier answer (discussions.idempotent_answers; 422 for another request).
std::optional<std::string> claim(pqxx::work& tx, const access::Identity& who, const IdempotencyKey* idem) {
  return db::claim_answer(tx, kSchema, who.user_id, idem);
}

void remember(pqxx::work& tx, const access::Identity& who, const IdempotencyKey* idem, const std::string& result) {
  db::record_answer(tx, kSchema, who.user_id, idem, result);
}

EventRow comment_by_id(pqxx::transaction_base& tx, const Place& place, std::int64_t num, const std::string& id) {
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kNotFound, "no such comment in this discussion");
  auto event = find_event(tx, place.repo_id, num, id);
  if (!event || event->type != EventType::kComment) {
    throw ApiError(ErrorCode::kNotFound, "no such comment in this discussion");
  }
  return *event;
}

std::string status_data(Status status) {
  json::Writer w;
  w.begin_object().field("status", status_name(status)).end_object();
  return w.str();
}

void move_count(pqxx::work& tx, const ThreadRow& thread, Status to) {
  count_thread(tx, thread.repo_id, thread.is_pull_request, thread.status, -1);
  count_thread(tx, thread.repo_id, thread.is_pull_request, to, 1);
}

// A new open thread: its row, its counter, its description as the first comment, its event.
ThreadRow start_thread(pqxx::work& tx, const Place& place, std::int64_t num, const NewThread& thread,
                       const access::Identity& author, const std::string& base_ref,
                       const std::optional<markdown::Rendered>& description, Status status = Status::kOpen) {
  ThreadRow row;
  row.repo_id = place.repo_id;
  row.num = num;
  row.is_pull_request = thread.pull_request;
  row.title = thread.title;
  row.status = status;
  row.author_id = author.user_id;
  row.author_name = author.user_name;
  row.base_ref = base_ref;
  insert_thread(tx, row);
  count_thread(tx, place.repo_id, row.is_pull_request, status, 1);
  events::DiscussionCreated created{facts_of(place, row), {}};
  if (description) {
    add_comment(tx, row, author, thread.description, *description);
    created.mentions = mention_refs(description->mentions);
  }
  emit(tx, place, author, created);
  return row;
}

}  // namespace

ThreadPage list_threads(service::Context& ctx, const Place& place, const ListQuery& query) {
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    ThreadPage page;
    const ListCounts counts = count_list(tx, place.repo_id, query);
    page.count = counts.count;
    page.closed = counts.closed;
    const std::int64_t offset = query.after ? query.after->offset : query.page * query.limit;
    page.start = offset;
    // One more than the page, to know whether another follows.
    page.threads = list_threads(tx, place.repo_id, query, offset, query.limit + 1);
    if (static_cast<std::int64_t>(page.threads.size()) > query.limit) {
      page.threads.pop_back();
      const ThreadRow& last = page.threads.back();
      std::int64_t key = last.num;
      if (query.sort == Sort::kRecentlyUpdated) key = last.updated_us;
      if (query.sort == Sort::kMostCommented) key = last.comment_count;
      page.next = Position{key, last.num, offset + query.limit};
    }
    return page;
  });
}

std::int64_t open_discussion(service::Context& ctx, const service::Peer& repos, const service::Peer& pulls,
                             const Place& place, const access::Identity* caller, const NewThread& thread,
                             const IdempotencyKey* idem, const std::string& request_id) {
  const access::Identity& who = require_discussion_writer(caller);
  if (idem != nullptr) {
    // A retry answers before a number is spent on it.
    auto earlier = db::read_once(
        ctx.db, [&](pqxx::nontransaction& tx) { return db::earlier_answer(tx, kSchema, who.user_id, *idem); });
    if (earlier) return std::stoll(*earlier);
  }
  const std::optional<markdown::Rendered> description =
      thread.description.empty() ? std::nullopt : std::optional(render_text(ctx, place, thread.description));
  const std::int64_t num = service::next_repo_number(repos, place.repo_id, request_id);
  if (thread.pull_request) {
    // The review record and refs/pr/N first: a thread is never shown for half a pull request.
    open_pull(pulls, place, who, PullOpening{num, std::string(kBaseBranch), thread.head, ""}, request_id);
  }
  return db::transact(ctx.db, [&](pqxx::work& tx) -> std::int64_t {
    if (auto result = claim(tx, who, idem)) return std::stoll(*result);
    start_thread(tx, place, num, thread, who, thread.pull_request ? "refs/heads/" + std::string(kBaseBranch) : "",
                 description, thread.pull_request ? Status::kDraft : Status::kOpen);
    remember(tx, who, idem, std::to_string(num));
    return num;
  });
}

ThreadDetails thread_details(service::Context& ctx, const service::Peer& pulls, const Place& place, std::int64_t num,
                             std::int64_t after_seq, std::int64_t limit, const std::string& request_id) {
  // Reads only: no BEGIN and COMMIT around them (each statement sees committed rows either way).
  ThreadDetails details = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    auto thread = find_thread(tx, place.repo_id, num);
    if (!thread) throw no_thread(num);
    ThreadDetails details{*thread, list_events(tx, place.repo_id, num, after_seq, limit + 1), false, std::nullopt};
    if (static_cast<std::int64_t>(details.events.size()) > limit) {
      details.events.pop_back();
      details.more = true;
    }
    return details;
  });
  if (details.thread.is_pull_request) {
    const bool under_review = details.thread.status == Status::kOpen || details.thread.status == Status::kDraft;
    details.conflicts = under_review ? conflicting_files(pulls, place.repo_id, num, request_id)
                                     : std::optional(std::vector<std::string>{});
  }
  return details;
}

EventRow post_comment(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* caller,
                      const std::string& text, const IdempotencyKey* idem) {
  const access::Identity& who = require_discussion_writer(caller);
  const markdown::Rendered rendered = render_text(ctx, place, text);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const ThreadRow thread = locked_thread(tx, place, num);
    if (auto result = claim(tx, who, idem)) return comment_by_id(tx, place, num, *result);
    if (thread.locked && !moderates(who)) {
      throw ApiError(ErrorCode::kForbidden, "this discussion is locked: only the write role comments");
    }
    const EventRow comment = add_comment(tx, thread, who, text, rendered);
    emit(tx, place, who,
         events::DiscussionCommentCreated{facts_of(place, thread), facts_of(place, thread, comment),
                                          mention_refs(rendered.mentions)});
    remember(tx, who, idem, comment.id);
    return comment;
  });
}

EventRow edit_comment(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* caller,
                      const std::string& comment_id, const std::string& text) {
  const access::Identity& who = require_discussion_writer(caller);
  const markdown::Rendered rendered = render_text(ctx, place, text);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const ThreadRow thread = locked_thread(tx, place, num);
    EventRow comment = comment_by_id(tx, place, num, comment_id);
    if (comment.author_id.empty() || comment.author_id != who.user_id) {
      throw ApiError(ErrorCode::kForbidden, "only its author edits a comment");
    }
    if (comment.hidden) throw ApiError(ErrorCode::kConflict, "a hidden comment cannot be edited");
    if (thread.locked && !moderates(who)) throw ApiError(ErrorCode::kForbidden, "this discussion is locked");
    const int version = static_cast<int>(comment.versions.size()) + 1;
    insert_version(tx, comment.id, version, text, rendered.html, who.user_id, who.user_name);
    comment = comment_by_id(tx, place, num, comment.id);
    emit(tx, place, who,
         events::DiscussionCommentUpdated{facts_of(place, thread), facts_of(place, thread, comment),
                                          mention_refs(rendered.mentions)});
    return comment;
  });
}

EventRow hide_comment(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* caller,
                      const std::string& comment_id) {
  const access::Identity& who = require_discussion_writer(caller);
  require_moderator_or(who, "", "hiding a comment");
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const ThreadRow thread = locked_thread(tx, place, num);
    EventRow comment = comment_by_id(tx, place, num, comment_id);
    if (comment.hidden) return comment;  // hidden already: the same answer again
    hide_comment(tx, comment.id, who.user_name);
    touch(tx, place.repo_id, num, -1);
    comment = comment_by_id(tx, place, num, comment.id);
    emit(tx, place, who,
         events::DiscussionCommentUpdated{facts_of(place, thread), facts_of(place, thread, comment), {}});
    return comment;
  });
}

EventRow change_status(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* caller,
                       Status status, const std::string& comment, const IdempotencyKey* idem) {
  const access::Identity& who = require_discussion_writer(caller);
  const std::optional<markdown::Rendered> rendered =
      comment.empty() ? std::nullopt : std::optional(render_text(ctx, place, comment));
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const ThreadRow thread = locked_thread(tx, place, num);
    if (auto result = claim(tx, who, idem)) {
      auto earlier = find_event(tx, place.repo_id, num, *result);
      if (earlier) return *earlier;
    }
    require_moderator_or(who, thread.author_id, "changing the status of another's discussion");
    const Status to = status_change(thread.status, status, thread.is_pull_request).or_throw(ErrorCode::kConflict);
    if (rendered) {
      const EventRow posted = add_comment(tx, thread, who, comment, *rendered);
      emit(tx, place, who,
           events::DiscussionCommentCreated{facts_of(place, thread), facts_of(place, thread, posted),
                                            mention_refs(rendered->mentions)});
    }
    const EventRow change = add_change(tx, thread, who, EventType::kStatusChange, status_data(to));
    set_status(tx, place.repo_id, num, to);
    move_count(tx, thread, to);
    ThreadRow after = thread;
    after.status = to;
    events::DiscussionUpdated updated{facts_of(place, after), std::string(status_name(thread.status)), std::nullopt,
                                      std::nullopt, std::nullopt};
    emit(tx, place, who, updated);
    remember(tx, who, idem, change.id);
    return change;
  });
}

EventRow rename_thread(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* caller,
                       const std::string& title) {
  const access::Identity& who = require_discussion_writer(caller);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const ThreadRow thread = locked_thread(tx, place, num);
    require_moderator_or(who, thread.author_id, "renaming another's discussion");
    json::Writer w;
    w.begin_object().field("from", thread.title).field("to", title).end_object();
    const EventRow change = add_change(tx, thread, who, EventType::kTitleChange, w.str());
    set_title(tx, place.repo_id, num, title);
    ThreadRow after = thread;
    after.title = title;
    emit(tx, place, who,
         events::DiscussionUpdated{facts_of(place, after), std::nullopt, thread.title, std::nullopt, std::nullopt});
    return change;
  });
}

ThreadRow set_thread_flags(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* caller,
                           std::optional<bool> pinned, std::optional<bool> locked) {
  const access::Identity& who = require_discussion_writer(caller);
  require_moderator_or(who, "", pinned ? "pinning a discussion" : "locking a discussion");
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    ThreadRow thread = locked_thread(tx, place, num);
    const bool new_pinned = pinned.value_or(thread.pinned);
    const bool new_locked = locked.value_or(thread.locked);
    if (new_pinned == thread.pinned && new_locked == thread.locked) return thread;
    set_flags(tx, place.repo_id, num, new_pinned, new_locked);
    thread.pinned = new_pinned;
    thread.locked = new_locked;
    emit(tx, place, who,
         events::DiscussionUpdated{facts_of(place, thread), std::nullopt, std::nullopt, pinned, locked});
    return thread;
  });
}

EventRow react(service::Context& ctx, const Place& place, std::int64_t num, const access::Identity* caller,
               const std::string& comment_id, const std::string& emoji, bool add) {
  const access::Identity& who = require_discussion_writer(caller);
  if (!is_reaction(emoji)) throw ApiError(ErrorCode::kBadRequest, "not one of the reactions");
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    locked_thread(tx, place, num);
    const EventRow comment = comment_by_id(tx, place, num, comment_id);
    if (comment.hidden) throw ApiError(ErrorCode::kConflict, "a hidden comment takes no reactions");
    if (add) {
      add_reaction(tx, comment.id, emoji, who.user_id, who.user_name);
    } else {
      remove_reaction(tx, comment.id, emoji, who.user_id);
    }
    return comment_by_id(tx, place, num, comment.id);
  });
}

ThreadRow open_pull_request_thread(service::Context& ctx, const service::Peer& pulls, const Place& place,
                                   std::int64_t num, const NewThread& thread, const access::Identity& author,
                                   const std::string& base_ref, const std::string& head_sha,
                                   const std::string& request_id) {
  const std::optional<markdown::Rendered> description =
      thread.description.empty() ? std::nullopt : std::optional(render_text(ctx, place, thread.description));
  auto existing = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_thread(tx, place.repo_id, num); });
  if (existing && !existing->is_pull_request) throw ApiError(ErrorCode::kConflict, "that number is a discussion's");
  if (!existing) {
    const std::string branch = base_ref.starts_with("refs/heads/") ? base_ref.substr(11) : base_ref;
    open_pull(pulls, place, author, PullOpening{num, branch, "", head_sha}, request_id);
  }
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    if (auto existing = find_thread(tx, place.repo_id, num, true)) {
      if (!existing->is_pull_request) throw ApiError(ErrorCode::kConflict, "that number is a discussion's");
      return *existing;
    }
    return start_thread(tx, place, num, thread, author, base_ref, description);
  });
}

void record_commit(service::Context& ctx, const Place& place, std::int64_t num, const std::string& oid,
                   const std::string& subject, const access::Identity& author) {
  db::transact(ctx.db, [&](pqxx::work& tx) {
    const ThreadRow thread = locked_thread(tx, place, num);
    if (!thread.is_pull_request) throw ApiError(ErrorCode::kConflict, "that number is a discussion's");
    if (has_commit(tx, place.repo_id, num, oid)) return;
    json::Writer w;
    w.begin_object().field("subject", subject).field("oid", oid).end_object();
    add_change(tx, thread, author, EventType::kCommit, w.str());
    touch(tx, place.repo_id, num);
  });
}

void record_merged(service::Context& ctx, pqxx::work& tx, const Place& place, std::int64_t num,
                   const std::string& merge_commit_id, const access::Identity& actor, const std::string& comment) {
  ThreadRow thread = locked_thread(tx, place, num);
  if (!thread.is_pull_request) throw ApiError(ErrorCode::kConflict, "that number is a discussion's");
  if (thread.status == Status::kMerged) return;  // the other of the call and the event came first
  add_change(tx, thread, actor, EventType::kStatusChange, status_data(Status::kMerged));
  set_status(tx, place.repo_id, num, Status::kMerged);
  set_merge_commit(tx, place.repo_id, num, merge_commit_id);
  move_count(tx, thread, Status::kMerged);
  const std::string old_status(status_name(thread.status));
  thread.status = Status::kMerged;
  thread.merge_commit_id = merge_commit_id;
  emit(tx, place, actor,
       events::DiscussionUpdated{facts_of(place, thread), old_status, std::nullopt, std::nullopt, std::nullopt});
  if (comment.empty()) return;
  // huggingface_hub's merge_pull_request(comment=…): posted once, with the merge.
  const markdown::Rendered rendered = render_text(ctx, place, comment);
  const EventRow posted = add_comment(tx, thread, actor, comment, rendered);
  emit(tx, place, actor,
       events::DiscussionCommentCreated{facts_of(place, thread), facts_of(place, thread, posted),
                                        mention_refs(rendered.mentions)});
}

void record_merged(service::Context& ctx, const Place& place, std::int64_t num, const std::string& merge_commit_id,
                   const access::Identity& actor, const std::string& comment) {
  db::transact(ctx.db, [&](pqxx::work& tx) { record_merged(ctx, tx, place, num, merge_commit_id, actor, comment); });
}

std::optional<ThreadSummary> thread_summary(service::Context& ctx, const std::string& repo_id, std::int64_t num) {
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) -> std::optional<ThreadSummary> {
    auto thread = find_thread(tx, repo_id, num);
    if (!thread) return std::nullopt;
    ThreadSummary out{*thread, ""};
    const auto first = list_events(tx, repo_id, num, 0, 1);
    if (!first.empty() && first[0].type == EventType::kComment && !first[0].hidden &&
        first[0].author_id == thread->author_id && !first[0].versions.empty()) {
      out.description = first[0].versions.back().raw;
    }
    return out;
  });
}

}  // namespace hub::discussions
