#pragma once
// The repo a request is about, as a service that keeps things per repo knows it: its immutable id
// (signed by the gateway into the identity), its type and path (from the request), and the public
// URL every link is built from; with the links to its threads (discussions and pull requests).
#include <cstdint>
#include <string>
#include <string_view>

#include "common/domain/repo_type.hpp"

namespace hub::domain {

struct RepoPlace {
  std::string repo_id;
  RepoType type = RepoType::kModel;
  std::string ns;
  std::string name;
  std::string public_url;  // HUB_PUBLIC_URL, no trailing slash

  std::string full_name() const { return ns + "/" + name; }
  // {public}/{web prefix}{ns}/{name}/discussions/{num}
  std::string web_url(std::int64_t num) const;
  // {public}/api/{plural}/{ns}/{name}/discussions/{num}
  std::string api_url(std::int64_t num) const;
  // {public}/{web prefix}{ns}/{name}/bugs/{num}: a bug report's page (the bugs service's, and the
  // inbox's link to it).
  std::string bug_web_url(std::int64_t num) const;
  // {public}/api/{plural}/{ns}/{name}/bugs/{num}
  std::string bug_api_url(std::int64_t num) const;
  // A comment's anchor on the thread's page.
  std::string comment_url(std::int64_t num, const std::string& comment_id) const;
};

// The place of a repo known by id, type name (model, dataset, space; a model when unknown) and
// "namespace/name", as events and peers name it.
RepoPlace repo_place(std::string repo_id, std::string_view type, std::string_view full_name,
                     std::string public_url = {});

}  // namespace hub::domain
