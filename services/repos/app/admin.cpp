#include "services/repos/app/admin.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/db/transaction.hpp"
#include "common/domain/repo_type.hpp"
#include "common/error/api_error.hpp"
#include "common/util/uuid.hpp"
#include "services/repos/app/lfs_objects.hpp"
#include "services/repos/app/reindex.hpp"
#include "services/repos/config.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

constexpr const char* kUsage =
    "usage: hub-repos admin reindex\n"
    "       hub-repos admin import-lfs <repo> <file>...\n"
    "<repo> is a repo's id, or its path: namespace/name for a model, datasets/namespace/name or\n"
    "spaces/namespace/name. HUB_PG_URL names the database and HUB_DATA_DIR the data folder of the\n"
    "repos service.\n";

struct AdminFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int reindex_command(db::Pool& pool, const ReposConfig& config) {
  init_libgit2();
  const ReindexReport r = reindex(pool, config, std::cout);
  std::cout << "reindexed " << r.repos << " repos: " << r.pushes_recorded << " pushes recorded late, " << r.heads_moved
            << " heads moved, " << r.links_added << " LFS links added, " << r.objects_missing
            << " LFS objects not stored, " << r.git_missing << " without git data, " << r.leftovers_removed
            << " leftovers of deleted repos removed, " << r.orphans << " git folders without a repo\n";
  return 0;
}

// The repo a command names by id or by path.
RepoRow find_named_repo(db::Pool& pool, const std::string& named) {
  auto row = db::read_once(pool, [&](pqxx::nontransaction& tx) -> std::optional<RepoRow> {
    if (util::is_uuid(named)) return find_repo_by_id(tx, named);
    std::vector<std::string> parts;
    for (std::size_t at = 0;;) {
      const std::size_t slash = named.find('/', at);
      parts.push_back(named.substr(at, slash == std::string::npos ? std::string::npos : slash - at));
      if (slash == std::string::npos) break;
      at = slash + 1;
    }
    std::optional<domain::RepoType> type = domain::RepoType::kModel;
    if (parts.size() == 3) type = domain::parse_plural(parts[0]);
    if (!type || parts.size() < 2 || parts.size() > 3) return std::nullopt;
    return find_repo(tx, std::string(domain::type_name(*type)), parts[parts.size() - 2], parts.back());
  });
  if (!row) throw AdminFailure("no repo " + named);
  return std::move(*row);
}

std::string seconds_since(std::chrono::steady_clock::time_point start) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2)
      << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out.str();
}

// One line a file: "imported <oid> <size> <file>: …", so scripts can read the oid and size a
// commit's lfsFile line needs.
int import_lfs_command(db::Pool& pool, const ReposConfig& config, const std::string& named,
                       const std::vector<std::string>& files) {
  // Every file is checked before anything is imported.
  for (const auto& file : files) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) throw AdminFailure("cannot read " + file + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw AdminFailure(file + " is not a regular file");
  }
  const RepoRow repo = find_named_repo(pool, named);
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t bytes = 0, disk = 0;
  for (const auto& file : files) {
    const auto one = std::chrono::steady_clock::now();
    const ImportedObject object = import_object(pool, config, repo.id, file);
    bytes += object.size;
    disk += object.disk_bytes;
    std::cout << "imported " << object.oid << " " << object.size << " " << file << ": ";
    if (!object.header.safetensors) {
      std::cout << "not safetensors";
    } else if (object.header.error) {
      std::cout << "a malformed safetensors file (" << *object.header.error << ")";
    } else {
      std::cout << "safetensors, " << object.header.tensors.size() << " tensors";
    }
    std::cout << "; " << object.disk_bytes << " bytes on disk" << (object.already_stored ? " (stored before)" : "")
              << "; " << seconds_since(one) << " s\n"
              << std::flush;
  }
  std::cout << "imported " << files.size() << " files of " << bytes << " bytes (" << disk << " on disk) into "
            << repo.type << " " << repo.full_name() << " in " << seconds_since(start) << " s\n";
  return 0;
}

}  // namespace

int admin_main(int argc, char** argv) {
  config::Reader reader(config::environment());
  const AdminConfig admin = load_admin_config(reader);
  const std::string command = argc >= 3 ? argv[2] : "";
  try {
    const bool usage_ok = (command == "reindex" && argc == 3) || (command == "import-lfs" && argc >= 5);
    if (!usage_ok) throw config::ConfigError("");
    reader.check();
  } catch (const config::ConfigError& e) {
    std::cerr << kUsage << e.what() << "\n";
    return 2;
  }
  try {
    db::Pool pool(db::PoolOptions{admin.pg_url, 1});
    ReposConfig config;
    config.data_dir = admin.data_dir;
    if (command == "reindex") return reindex_command(pool, config);
    return import_lfs_command(pool, config, argv[3], std::vector<std::string>(argv + 4, argv + argc));
  } catch (const ApiError& e) {
    std::cerr << "hub-repos admin " << command << ": " << e.message() << " " << e.detail() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "hub-repos admin " << command << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace hub::repos
