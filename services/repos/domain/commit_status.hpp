#pragma once
// A commit status, as CI reports it back (POST …/statuses/{sha}): its state per context, optional
// metrics, and the combined state that status checks and merge gates read.
#include <string>
#include <string_view>
#include <vector>

#include "common/json/json.hpp"

namespace hub::repos {

struct CommitStatus {
  std::string context = "default";
  std::string state;  // pending, success, failure, error
  std::string description;
  std::string target_url;
  std::string metrics_json;  // {name: number}, or "" for none
  std::string creator;       // the reporter's name
  std::string created_at;    // RFC 3339
};

// A status as a request body states it ({state, context?, description?, targetUrl?, metrics?}); 400
// naming the field when invalid.
CommitStatus parse_commit_status(const json::Value& body);

// Combined: any failure or error fails; any pending (or nothing reported) is pending; else success.
std::string_view combined_state(const std::vector<CommitStatus>& latest_per_context);

}  // namespace hub::repos
