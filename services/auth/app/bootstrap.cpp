// The first administrator: created once, by whichever auth replica gets the lock first, with a
// random password nobody knows and an access token written to <data dir>/admin-token, readable by
// its owner only. The token is never logged; `./hub run` prints the file's path.
#include "services/auth/app/bootstrap.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/db/transaction.hpp"
#include "common/log/log.hpp"
#include "common/util/uuid.hpp"
#include "common/work/background.hpp"
#include "services/auth/app/password_hashing.hpp"
#include "services/auth/app/tokens.hpp"
#include "services/auth/store/user_store.hpp"

namespace hub::auth {
namespace {

bool write_private_file(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  ::fchmod(fd, 0600);
  const bool ok =
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) && ::fsync(fd) == 0;
  ::close(fd);
  return ok && ::rename(tmp.c_str(), path.c_str()) == 0;
}

// True when there is an administrator (created now or before).
bool bootstrap_once(db::Pool& db, const std::string& data_dir) {
  unsigned char random[24];
  randombytes_buf(random, sizeof random);
  char password[2 * sizeof random + 1];
  sodium_bin2hex(password, sizeof password, random, sizeof random);
  const std::string hash = hash_password(password);
  sodium_memzero(password, sizeof password);
  auto issued = db::transact(db, [&](pqxx::work& tx) -> std::optional<IssuedToken> {
    lock_bootstrap(tx);
    if (site_admin_exists(tx)) return std::nullopt;
    const std::string id = util::uuid4();
    insert_first_admin(tx, id, hash);
    return issue_token(tx, id, kAccessToken, "admin (first start)", "write", "[]", std::nullopt);
  });
  if (!issued) return true;
  const std::string path = data_dir + "/admin-token";
  if (!write_private_file(path, issued->secret + "\n")) {
    log::error("could not write the admin token file", {{"path", path}});
  } else {
    log::info("admin account created; its token is in the admin token file", {{"path", path}});
  }
  return true;
}

}  // namespace

void start_bootstrap(db::Pool& db, const std::string& data_dir) {
  static work::Background loop;
  loop.start([&db, data_dir] {
    while (!loop.stopping()) {
      try {
        if (bootstrap_once(db, data_dir)) return;
      } catch (const std::exception& e) {
        log::warn("admin bootstrap waits for the database", {{"error", e.what()}});
      }
      if (!loop.sleep_for(std::chrono::seconds(1))) return;
    }
  });
}

}  // namespace hub::auth
