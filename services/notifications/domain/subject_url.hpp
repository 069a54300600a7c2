#pragma once
// The web page an inbox item links to: its thread's, under the name the repo has now (so a move
// rewrites it, docs/inbox.md), built from HUB_PUBLIC_URL like every absolute URL of the hub.
#include <cstdint>
#include <string>

namespace hub::notifications {

// `repo_type` is model, dataset or space; `repo_name` namespace/name. Threads of every subject type
// (discussions, pull requests) live under …/discussions/N, as on the Hub; bug reports under …/bugs/N.
std::string subject_url(const std::string& public_url, const std::string& repo_type, const std::string& repo_name,
                        const std::string& subject_type, std::int64_t num);

}  // namespace hub::notifications
