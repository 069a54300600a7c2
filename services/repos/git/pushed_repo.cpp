#include "services/repos/git/pushed_repo.hpp"

#include <stdexcept>

#include "services/repos/git/git_repo.hpp"
#include "services/repos/git/lfs_pointers.hpp"

namespace hub::repos {

PushedRepo::PushedRepo() {
  init_libgit2();
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, ".", GIT_REPOSITORY_OPEN_FROM_ENV, nullptr) != 0) {
    throw std::runtime_error("cannot open the repository");
  }
  repo_.reset(repo);
}

bool PushedRepo::fast_forward(const std::string& old_sha, const std::string& new_sha) const {
  git_oid old_oid;
  git_oid new_oid;
  if (git_oid_fromstr(&old_oid, old_sha.c_str()) != 0 || git_oid_fromstr(&new_oid, new_sha.c_str()) != 0) return false;
  return git_oid_equal(&old_oid, &new_oid) || git_graph_descendant_of(repo_.get(), &new_oid, &old_oid) == 1;
}

std::set<std::string> PushedRepo::lfs_oids_added(const std::string& new_sha) const {
  return lfs_oids_in_history(repo_.get(), new_sha);
}

}  // namespace hub::repos
