#pragma once
// The repository a git hook runs in, as git's environment describes it (GIT_DIR, and the push's
// quarantine for pre-receive, so the pushed objects are visible): what the hook asks of git.
#include <set>
#include <string>

#include "services/repos/git/git_ptr.hpp"

namespace hub::repos {

class PushedRepo {
 public:
  // Throws std::runtime_error when git's environment names no repository.
  PushedRepo();
  // Whether moving a ref from `old_sha` to `new_sha` keeps every commit it had.
  bool fast_forward(const std::string& old_sha, const std::string& new_sha) const;
  // The LFS objects named by pointers that the commits new to the repo, up to `new_sha`, add or change.
  std::set<std::string> lfs_oids_added(const std::string& new_sha) const;

 private:
  git::Repository repo_;
};

}  // namespace hub::repos
