#include "services/repos/app/push_hooks.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <vector>

#include "common/access/identity.hpp"
#include "common/config/config.hpp"
#include "common/domain/protection_rules.hpp"
#include "common/events/envelope.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/app/unrecorded_pushes.hpp"
#include "services/repos/config.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/git/pushed_repo.hpp"
#include "services/repos/store/lfs_store.hpp"
#include "services/repos/store/pull_ref_store.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

struct Update {
  std::string old_sha, new_sha, ref;
};

std::vector<Update> read_updates() {
  std::vector<Update> out;
  std::string old_sha, new_sha, ref;
  while (std::cin >> old_sha >> new_sha >> ref)
    out.push_back({old_sha, new_sha, ref});
  return out;
}

// What the service that started git told its hooks (read once per hook run).
const HookConfig& hook_config() {
  static const HookConfig config = [] {
    config::Reader reader(config::environment());
    return load_hook_config(reader);
  }();
  return config;
}

bool ref_allowed(const std::string& ref) {
  if (ref.starts_with("refs/heads/") || ref.starts_with("refs/tags/")) return true;
  if (ref.starts_with("refs/pr/")) {
    const std::string n = ref.substr(8);
    return !n.empty() && n.find_first_not_of("0123456789") == std::string::npos;
  }
  return false;
}

int refuse(const std::string& why) {
  std::cerr << "hub: " << why << "\n";
  return 1;
}

// Why a push by someone without the write role is refused, or nullopt: such a pusher moves only the
// pull requests it opened (refs/pr/N whose author repos recorded), never creating or deleting one,
// and only with a credential that may open pull requests.
std::optional<std::string> proposer_refusal(const std::vector<Update>& updates) {
  if (!hook_config().proposer || hook_config().user_id.empty()) return "your role on this repo may not push";
  try {
    pqxx::connection conn(hook_config().pg_url);
    pqxx::read_transaction tx(conn);
    for (const auto& u : updates) {
      if (!u.ref.starts_with("refs/pr/") || u.old_sha == kZeroOid || u.new_sha == kZeroOid) {
        return u.ref + ": without the write role, push only to a pull request you opened (refs/pr/N)";
      }
      const auto author = pull_ref_author(tx, hook_config().repo_id, u.ref);
      if (!author || *author != hook_config().user_id) return u.ref + ": only its author and the write role push to it";
    }
  } catch (const std::exception&) {
    return "the hub is unavailable; retry shortly";
  }
  return std::nullopt;
}

int pre_receive() {
  const access::Role role = access::parse_role(hook_config().role).value_or(access::Role::kNone);
  const auto updates = read_updates();
  if (role < access::Role::kWrite) {
    if (auto refusal = proposer_refusal(updates)) return refuse(*refusal);
  }
  auto protection = json::parse_object(hook_config().protection);
  if (!protection) return refuse("the hub could not read this repo's protection rules");
  const auto rules = domain::parse_protection(protection.value());
  if (!rules) return refuse("the hub could not read this repo's protection rules");
  std::unique_ptr<PushedRepo> repo;
  try {
    repo = std::make_unique<PushedRepo>();
  } catch (const std::exception&) {
    return refuse("cannot open the repository");
  }
  for (const auto& u : updates) {
    if (!ref_allowed(u.ref)) return refuse(u.ref + ": only branches, tags and refs/pr/N may be pushed");
    if (u.ref == "refs/heads/main" && u.new_sha == kZeroOid) return refuse("the default branch main cannot be deleted");
    domain::RefChange change{u.ref, u.old_sha == kZeroOid, u.new_sha == kZeroOid, true};
    if (!change.creates && !change.deletes) change.fast_forward = repo->fast_forward(u.old_sha, u.new_sha);
    if (auto refusal = domain::protection_refusal(*rules, change, role)) return refuse(*refusal);
  }
  // Proof of possession for pushed pointers: every LFS object they name must be linked to this repo
  // (git lfs push uploads through the batch API first, which links them).
  std::set<std::string> oids;
  for (const auto& u : updates) {
    if (u.new_sha == kZeroOid) continue;
    auto found = repo->lfs_oids_added(u.new_sha);
    oids.insert(found.begin(), found.end());
  }
  if (oids.empty()) return 0;
  try {
    pqxx::connection conn(hook_config().pg_url);
    pqxx::read_transaction tx(conn);
    const std::vector<std::string> list(oids.begin(), oids.end());
    const auto linked = linked_objects(tx, hook_config().repo_id, list);
    if (linked.size() != list.size()) {
      std::set<std::string> have;
      for (const auto& [oid, size] : linked)
        have.insert(oid);
      for (const auto& oid : list) {
        if (!have.count(oid)) return refuse("LFS object " + oid + " was not uploaded to this repo; run git lfs push");
      }
    }
  } catch (const std::exception& e) {
    return refuse("the hub is unavailable; retry shortly");
  }
  return 0;
}

// True when a push of this repo waits in `dir` to be recorded: this one must then wait behind it, so
// a repo's pushes are recorded in the order they landed.
bool earlier_push_waiting(const std::string& dir, const std::string& repo_id) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().filename().string().find(repo_id) != std::string::npos) return true;
  }
  return false;
}

int post_receive() {
  const auto updates = read_updates();
  if (updates.empty()) return 0;
  UnrecordedPush push;
  push.stamp = EventStamp{util::uuid4(), events::now_rfc3339()};
  push.repo_id = hook_config().repo_id;
  push.actor.user_id = hook_config().user_id;
  push.actor.user_name = hook_config().user_name;
  for (const auto& u : updates) {
    push.updates.push_back({u.ref, u.old_sha == kZeroOid ? "" : u.old_sha, u.new_sha == kZeroOid ? "" : u.new_sha});
  }
  const std::string waiting = hook_config().unrecorded_dir;
  // The refs have moved, and the push's event must not be lost: a passing database hiccup is
  // retried for a moment, anything longer is written down for the service to record once the
  // database is back (so the push never waits on it). The event id is fixed here, so an attempt
  // whose commit landed unseen is not recorded twice.
  for (int attempt = 0; attempt < 3 && !earlier_push_waiting(waiting, push.repo_id); ++attempt) {
    if (attempt > 0) ::usleep(250000U << attempt);
    try {
      pqxx::connection conn(hook_config().pg_url);
      pqxx::work tx(conn);
      if (push_recorded(tx, push.stamp.id)) return 0;
      auto repo = find_repo_by_id(tx, push.repo_id);
      if (!repo) return 0;
      record_ref_updates(tx, *repo, &push.actor, push.updates, &push.stamp);
      tx.commit();
      return 0;
    } catch (const std::exception& e) {
      std::cerr << "hub: recording the push failed, retrying\n";
    }
  }
  try {
    save_unrecorded(waiting, push);
    std::cerr << "hub: the push landed; its event will be delivered once the hub's database is back\n";
  } catch (const std::exception& e) {
    std::cerr << "hub: the push landed but its event could not be recorded: " << e.what() << "\n";
  }
  return 0;  // post-receive cannot undo the push; its status only changes what git prints
}

}  // namespace

void install_hook_scripts(const std::string& data_dir, const std::string& executable) {
  const std::string dir = data_dir + "/hooks";
  std::filesystem::create_directories(dir);
  for (const char* name : {"pre-receive", "post-receive"}) {
    const std::string path = dir + "/" + name;
    const std::string temp = path + ".tmp";
    {
      std::ofstream out(temp, std::ios::trunc);
      out << "#!/bin/sh\nexec '" << executable << "' hook " << name << "\n";
    }
    ::chmod(temp.c_str(), 0755);
    std::filesystem::rename(temp, path);
  }
}

int hook_main(int argc, char** argv) {
  if (argc < 3) return refuse("usage: hub-repos hook pre-receive|post-receive");
  const std::string name = argv[2];
  if (name == "pre-receive") return pre_receive();
  if (name == "post-receive") return post_receive();
  return 0;
}

}  // namespace hub::repos
