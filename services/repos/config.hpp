#pragma once
// The repos service's configuration: read once at start (config::Reader, with the common settings),
// immutable afterwards. Every default is written here and nowhere else.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/config.hpp"
#include "common/service/peer.hpp"
#include "common/service/settings.hpp"

namespace hub::repos {

struct ReposConfig {
  std::string data_dir;                          // HUB_DATA_DIR: repos/<id>.git, lfs/, hooks/, tmp/
  std::string public_url;                        // HUB_PUBLIC_URL, for the URLs the answers carry
  std::uint64_t lfs_threshold = 10ULL << 20;     // HUB_LFS_THRESHOLD: regular files above this go to LFS
  std::uint64_t max_commit_line = 16ULL << 20;   // one NDJSON line of a commit (base64 of a regular file)
  std::chrono::seconds lfs_gc_interval{3600};    // HUB_LFS_GC_INTERVAL: how often unreferenced objects are looked for
  std::chrono::seconds lfs_gc_grace{86400};      // HUB_LFS_GC_GRACE: how long after its last use one is kept
  std::vector<config::HostPort> auth_addresses;  // HUB_AUTH_URL
  std::vector<config::HostPort> discussions_addresses;  // HUB_DISCUSSIONS_URL: a create_pr commit's thread
  std::string git_http_backend = "/usr/lib/git-core/git-http-backend";
  std::string git_binary = "/usr/bin/git";
  std::string path_env = "/usr/local/bin:/usr/bin:/bin";  // PATH: what git's own helpers run with
  std::string pg_url;                                     // handed to the push hooks, which run as git's children
  // Sanitizer options, passed on to git's children so a sanitizer build's hooks report as the
  // service does (tests set them; production has none).
  std::vector<std::pair<std::string, std::string>> sanitizer_env;

  // Built at start from auth_addresses and discussions_addresses; move out of the configuration with
  // the app/ room.
  std::shared_ptr<service::Peer> auth;
  std::shared_ptr<service::Peer> discussions;

  std::string git_path(std::string_view repo_id) const { return data_dir + "/repos/" + std::string(repo_id) + ".git"; }
  std::string lfs_dir() const { return data_dir + "/lfs"; }
};

ReposConfig load_config(config::Reader& reader, const service::Settings& settings);

// What a push hook (`hub-repos hook …`, run by git) is told through its environment by the
// service that started git.
struct HookConfig {
  std::string repo_id;
  std::string role;       // the pusher's role on the repo
  bool proposer = false;  // the pusher's credential may open pull requests (write to discussions)
  std::string user_id;
  std::string user_name;
  std::string request_id;
  std::string pg_url;
  std::string unrecorded_dir;
  std::string protection;  // the repo's protection document, read before git started
};

HookConfig load_hook_config(config::Reader& reader);

// What `hub-repos admin reindex` needs: the database and the data folder.
struct AdminConfig {
  std::string pg_url;  // HUB_PG_SESSION_URL, else HUB_PG_URL
  std::string data_dir;
};

AdminConfig load_admin_config(config::Reader& reader);

}  // namespace hub::repos
