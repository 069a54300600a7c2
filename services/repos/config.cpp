#include "services/repos/config.hpp"

namespace hub::repos {

ReposConfig load_config(config::Reader& reader, const service::Settings& settings) {
  ReposConfig c;
  c.data_dir = settings.data_dir;
  c.public_url = settings.public_url;
  c.pg_url = settings.pg_url;
  c.lfs_threshold = static_cast<std::uint64_t>(
      reader.integer("HUB_LFS_THRESHOLD", static_cast<std::int64_t>(c.lfs_threshold), 1, 1LL << 40));
  const auto interval = reader.millis("HUB_LFS_GC_INTERVAL", c.lfs_gc_interval);
  if (interval < std::chrono::seconds(1)) reader.problem("HUB_LFS_GC_INTERVAL", "is at least 1s");
  c.lfs_gc_interval = std::chrono::duration_cast<std::chrono::seconds>(interval);
  c.lfs_gc_grace = std::chrono::duration_cast<std::chrono::seconds>(reader.millis("HUB_LFS_GC_GRACE", c.lfs_gc_grace));
  c.auth_addresses = reader.addresses("HUB_AUTH_URL", "127.0.0.1:8081");
  c.discussions_addresses = reader.addresses("HUB_DISCUSSIONS_URL", "127.0.0.1:8083");
  c.path_env = reader.string("PATH", c.path_env);
  for (const char* name : {"ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"}) {
    if (auto value = reader.string(name, ""); !value.empty()) c.sanitizer_env.emplace_back(name, std::move(value));
  }
  return c;
}

HookConfig load_hook_config(config::Reader& reader) {
  HookConfig c;
  c.repo_id = reader.string("HUB_HOOK_REPO_ID", "");
  c.role = reader.string("HUB_HOOK_ROLE", "none");
  c.proposer = reader.string("HUB_HOOK_PROPOSER", "0") == "1";
  c.user_id = reader.string("HUB_HOOK_USER_ID", "");
  c.user_name = reader.string("HUB_HOOK_USER_NAME", "");
  c.request_id = reader.string("HUB_HOOK_REQUEST_ID", "");
  c.pg_url = reader.string("HUB_PG_URL", "");
  c.unrecorded_dir = reader.string("HUB_HOOK_UNRECORDED_DIR", "");
  c.protection = reader.string("HUB_HOOK_PROTECTION", "");
  return c;
}

AdminConfig load_admin_config(config::Reader& reader) {
  AdminConfig c;
  // A session of its own, as the service's migrations have (docs/pgbouncer.md).
  const std::string session = reader.string("HUB_PG_SESSION_URL", "");
  c.pg_url = session.empty() ? reader.required("HUB_PG_URL", "it names the repos service's database") : session;
  c.data_dir = reader.required("HUB_DATA_DIR", "it names the repos service's data folder");
  return c;
}

}  // namespace hub::repos
