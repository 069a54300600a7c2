#pragma once
// Two revisions compared file by file, as pull-request review pages through them: the changes from
// their merge base to head ("three-dot", what a pull request shows), one page of files at a time,
// and one file's lines one page at a time.
#include <cstddef>
#include <string>

#include "services/repos/config.hpp"
#include "services/repos/domain/file_diff.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

// The files after `after` (all from the first when empty), at most `limit`. 404 RevisionNotFound
// for a revision that names nothing.
DiffPage diff_page(const ReposConfig& config, const RepoRow& repo, const std::string& base_revision,
                   const std::string& head_revision, const std::string& after, std::size_t limit);

// The changed file at `path` (its new path) with the lines [offset, offset + limit) of its hunks.
// 404 RevisionNotFound as above, EntryNotFound when no changed file has that path.
FilePatch file_patch(const ReposConfig& config, const RepoRow& repo, const std::string& base_revision,
                     const std::string& head_revision, const std::string& path, std::size_t offset, std::size_t limit);

}  // namespace hub::repos
