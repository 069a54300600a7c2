#pragma once
// The Hub's commit protocol (docs/hub-contract.md §3): preupload tells the client which files go to
// LFS, and the NDJSON commit writes regular files, LFS pointers and deletions as one commit. The
// body streams in line by line: each regular file becomes a blob as it arrives, so memory holds one
// line at a time. The branch moves by compare-and-swap, and the event is written in the same
// database transaction that sees the move succeed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/http/message.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

struct PreuploadFile {
  std::string path;
  std::uint64_t size = 0;
  bool binary = false;  // its sample holds a NUL byte
};

struct UploadMode {
  std::string path;
  bool lfs = false;
  std::optional<std::string> oid;  // of the file now at the path: sha256 for LFS files, git's otherwise
};

// How each file is to be sent to `revision` (a branch that does not exist yet takes main's rules);
// `git_attributes` is the text of a .gitattributes the same commit writes, whose rules then apply.
std::vector<UploadMode> upload_modes(const ReposConfig& config, const RepoRow& repo, const std::string& revision,
                                     const std::optional<std::string>& git_attributes,
                                     const std::vector<PreuploadFile>& files);

// The commit an NDJSON body describes, made on `revision` (a branch or refs/pr/N).
struct CommitMade {
  std::string sha;
  std::string summary;
  std::string description;
};
CommitMade commit_ndjson(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                         const access::Identity& who, const std::string& revision, http::BodyReader& body);

// Who may commit to `revision`: the write role, or the author of the pull request whose
// refs/pr/N it names (with a credential that writes to discussions). 403 otherwise.
void require_commit_right(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                          const access::Identity& who, const std::string& revision);

// A commit with create_pr=1 (the Hub's way to propose a change): the repo's next #N, refs/pr/N
// at the head of `base_revision` (a branch), the commit on it, then its pull request's thread
// (discussions, which has pulls open the review record). The commit and the number.
struct PullRequestCommit {
  CommitMade commit;
  std::int64_t num = 0;
};
PullRequestCommit commit_as_pull_request(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                                         const access::Identity& who, const std::string& base_revision,
                                         http::BodyReader& body, const std::string& request_id);

}  // namespace hub::repos
