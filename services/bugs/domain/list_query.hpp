#pragma once
// What a list of bug reports asks for (`status`, `severity`, `label`, `assignee`, `author`,
// `affects`, `q`, `sort`, `limit`, `cursor`), and the position a cursor carries: pure parsing, no
// database.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"
#include "services/bugs/domain/report.hpp"

namespace hub::bugs {

enum class Sort : std::uint8_t { kNewest, kOldest, kRecentlyUpdated, kSeverity };

std::optional<Sort> parse_sort(std::string_view word);  // newest, oldest, recently-updated, severity
std::string_view sort_name(Sort sort);

inline constexpr std::int64_t kDefaultPage = 50;
inline constexpr std::int64_t kMaxPage = 1000;
inline constexpr std::size_t kMaxFilterValues = 20;

// Where a keyset page resumes: after the report with this sort key and number.
struct Position {
  std::int64_t key = 0;  // the sort's value: num, updated_at in microseconds, or severity rank
  std::int64_t num = 0;
};
std::string position_text(const Position& p);  // "key:num"
std::optional<Position> parse_position(std::string_view text);

struct ListQuery {
  std::vector<Status> statuses;      // any of these; empty: every status
  std::vector<Severity> severities;  // any of these; empty: every severity
  std::vector<std::string> labels;   // every one of these
  std::string assignee;              // "" for any
  std::string author;                // "" for any
  std::string affects;               // a revision of the repo (known-bugs); "" for none
  std::string q;                     // full text over title, body and comments; "" for none
  Sort sort = Sort::kNewest;
  std::int64_t limit = kDefaultPage;
  std::optional<Position> after;  // from `cursor`

  // The list and its filters, to bind a cursor to (a cursor of another list or filter is refused).
  std::string cursor_scope(std::string_view repo_id) const;
};

// The list's query parameters as received (decoded; nullopt when absent). Lists of values are
// comma-separated (`status=open,triaged`) or the parameter repeated.
struct ListParams {
  std::vector<std::string> status, severity, label;
  std::optional<std::string> assignee, author, affects, q, sort, limit;
};

// Everything but the cursor, or a 400 message naming the parameter that is wrong. known-bugs asks
// with `affects` and, when no status is asked for, the statuses of known bugs (open to resolved).
Result<ListQuery> parse_list_query(const ListParams& params);

}  // namespace hub::bugs
