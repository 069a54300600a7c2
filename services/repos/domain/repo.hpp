#pragma once
// A repo as the repos service records it: the registry row that repos owns (auth keeps a copy, fed
// by the synchronous registration and by events; see app/repo_lifecycle.hpp).
#include <cstddef>
#include <string>
#include <vector>

namespace hub::repos {

struct RepoRow {
  std::string id;
  std::string type;  // model, dataset, space
  std::string ns;
  std::string name;
  bool is_private = false;
  std::string gated = "false";
  std::string creator_id;
  std::string creator_name;
  std::string sdk;
  std::string head_sha;
  std::string created_at;     // RFC 3339
  std::string last_modified;  // RFC 3339
  std::string created_key;    // full-precision timestamps, for keyset paging
  std::string modified_key;
  // From the card on main (domain/card_facts.hpp), as last indexed.
  std::vector<std::string> tags;
  std::string pipeline_tag;  // "" when the card names none
  std::string library_name;

  std::string full_name() const { return ns + "/" + name; }
};

// A page of a repo list, as the list endpoints ask for it.
struct ListQuery {
  std::string type;
  std::string search;                 // in the name, case-insensitive
  std::string author;                 // the namespace
  std::string sort = "lastModified";  // or createdAt
  std::string after_key;              // keyset: the sort value and id of the last row shown
  std::string after_id;
  std::vector<std::string> private_ids;  // private repos the caller may see
  std::vector<std::string> tags;         // `filter`: every one of them
  std::string pipeline_tag;
  std::string library;  // the card's library_name, or one of its tags
  std::string language;
  std::size_t limit = 50;
};
// The keyset value of a row for a sort.
inline const std::string& sort_key(const RepoRow& row, const std::string& sort) {
  return sort == "createdAt" ? row.created_key : row.modified_key;
}

}  // namespace hub::repos
