#include "services/repos/app/unrecorded_pushes.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "common/db/transaction.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/work/background.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

namespace fs = std::filesystem;

std::string to_json(const UnrecordedPush& push) {
  json::Writer w;
  w.begin_object()
      .field("eventId", push.stamp.id)
      .field("occurredAt", push.stamp.occurred_at)
      .field("repoId", push.repo_id)
      .field("actorId", push.actor.user_id)
      .field("actorName", push.actor.user_name);
  w.key("updatedRefs").begin_array();
  for (const auto& u : push.updates)
    w.begin_object().field("ref", u.ref).field("oldSha", u.old_sha).field("newSha", u.new_sha).end_object();
  w.end_array().end_object();
  return w.str();
}

std::optional<UnrecordedPush> from_json(std::string_view text) {
  auto doc = json::parse_object(text);
  if (!doc) return std::nullopt;
  const auto& d = doc.value();
  auto text_of = [&](const json::Value& object, std::string_view key) {
    auto v = json::get_string(object, key);
    return v ? std::optional<std::string>(std::string(v.value())) : std::nullopt;
  };
  UnrecordedPush push;
  auto id = text_of(d, "eventId");
  auto at = text_of(d, "occurredAt");
  auto repo = text_of(d, "repoId");
  auto actor_id = text_of(d, "actorId");
  auto actor_name = text_of(d, "actorName");
  auto refs = json::get_array(d, "updatedRefs");
  if (!id || !at || !repo || !actor_id || !actor_name || !refs) return std::nullopt;
  push.stamp = EventStamp{*id, *at};
  push.repo_id = *repo;
  push.actor.user_id = *actor_id;
  push.actor.user_name = *actor_name;
  for (const auto& r : refs.value()->GetArray()) {
    if (!r.IsObject()) return std::nullopt;
    auto ref = text_of(r, "ref");
    auto old_sha = text_of(r, "oldSha");
    auto new_sha = text_of(r, "newSha");
    if (!ref || !old_sha || !new_sha) return std::nullopt;
    push.updates.push_back(RefUpdate{*ref, *old_sha, *new_sha});
  }
  return push;
}

void write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::system_error(errno, std::generic_category(), "writing an unrecorded push");
    done += static_cast<std::size_t>(n);
  }
}

void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Records one push in its own transaction, unless it was recorded before or its repo is gone (so
// there is nothing to record it for). Throws while the database is away.
void record_one(db::Pool& db, const ReposConfig& config, const UnrecordedPush& push) {
  // main as git has it, read before the row: a push racing this pass moves the ref before its row.
  std::string main_now;
  if (fs::exists(config.git_path(push.repo_id))) {
    main_now = GitRepo(config.git_path(push.repo_id)).resolve("refs/heads/main").value_or("");
  }
  db::transact(db, [&](pqxx::work& tx) {
    if (push_recorded(tx, push.stamp.id)) return;
    auto repo = find_repo_by_id(tx, push.repo_id);
    if (!repo) return;
    record_late_ref_updates(tx, *repo, &push.actor, push.updates, push.stamp, main_now);
  });
}

}  // namespace

std::string unrecorded_dir(const std::string& data_dir) {
  return data_dir + "/unrecorded";
}

bool push_recorded(pqxx::transaction_base& tx, const std::string& event_id) {
  return !tx.exec_params("SELECT 1 FROM repos.outbox WHERE event_id = $1::uuid", event_id).empty();
}

void save_unrecorded(const std::string& dir, const UnrecordedPush& push) {
  fs::create_directories(dir);
  // Named by time first, so a directory listing sorted by name is oldest first.
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const std::string name = std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()) + "-" +
                           push.repo_id + "-" + push.stamp.id;
  const std::string temp = dir + "/." + name + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "creating " + temp);
  try {
    write_all(fd, to_json(push));
    if (::fsync(fd) != 0) throw std::system_error(errno, std::generic_category(), "syncing " + temp);
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  ::close(fd);
  fs::rename(temp, dir + "/" + name + ".json");
  sync_directory(dir);
}

std::size_t record_unrecorded(db::Pool& db, const ReposConfig& config) {
  const std::string dir = unrecorded_dir(config.data_dir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return 0;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json" && entry.path().filename().string()[0] != '.')
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::size_t recorded = 0;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    auto push = from_json(text.str());
    if (!push) {
      log::error("an unrecorded push cannot be read; moved aside", {{"file", file.string()}});
      fs::rename(file, file.string() + ".bad", ec);
      continue;
    }
    record_one(db, config, *push);  // the rest wait too, so pushes are recorded in order
    fs::remove(file, ec);
    ++recorded;
    log::info("push recorded late",
              {{"repo", push->repo_id}, {"eventId", push->stamp.id}, {"occurredAt", push->stamp.occurred_at}});
  }
  return recorded;
}

void start_unrecorded_replay(db::Pool& db, ReposConfig config, std::chrono::milliseconds interval) {
  static work::Background loop;
  loop.start([&db, config = std::move(config), interval] {
    do {
      try {
        record_unrecorded(db, config);
      } catch (const std::exception& e) {
        log::warn("recording pushes written down postponed", {{"error", e.what()}});
      }
    } while (loop.sleep_for(interval));
  });
}

}  // namespace hub::repos
