#pragma once
// What a thread list asks for (the Hub's `p`, `type`, `status`, `author`, `search`, and our `q`,
// `sort`, `cursor`), and the position a cursor carries: pure parsing, no database.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/util/result.hpp"
#include "services/discussions/domain/thread.hpp"

namespace hub::discussions {

enum class Kind : std::uint8_t { kAll, kDiscussion, kPullRequest };
enum class Sort : std::uint8_t { kRecentlyCreated, kRecentlyUpdated, kMostCommented };

std::optional<Kind> parse_kind(std::string_view word);  // all, discussion, pull_request
std::optional<Sort> parse_sort(std::string_view word);  // recently-created, recently-updated, most-commented
std::string_view sort_name(Sort sort);

// The Hub's page size for `p`: its clients page until start + length reaches count.
inline constexpr std::int64_t kPageSize = 50;
// Far enough for any client that pages by offset through 100,000 threads; deeper goes by cursor.
inline constexpr std::int64_t kMaxPageIndex = 1'000'000;

// Where a keyset page resumes: after the thread with this sort key and number.
struct Position {
  std::int64_t key = 0;  // the sort's value: num, updated_at in microseconds, or comment count
  std::int64_t num = 0;
  std::int64_t offset = 0;  // how many threads came before the next page (the answer's `start`)
};

std::string position_text(const Position& p);  // "key:num:offset"
std::optional<Position> parse_position(std::string_view text);

struct ListQuery {
  Kind kind = Kind::kAll;
  std::optional<Status> status;  // nullopt: all
  std::string author;            // "" for any
  std::string search;            // the Hub's title filter; "" for none
  std::string q;                 // full text over titles and comments; "" for none
  Sort sort = Sort::kRecentlyCreated;
  std::int64_t page = 0;           // `p`
  std::int64_t limit = kPageSize;  // `limit` (our lists' 1 to 1,000)
  std::optional<Position> after;   // from `cursor`, which wins over `p`

  // Whether the count can come from the counter rows (no author, search or q filter).
  bool counted_by_kind() const { return author.empty() && search.empty() && q.empty(); }
  // The list and its filters, to bind a cursor to (a cursor of another list or filter is refused).
  std::string cursor_scope(std::string_view repo_id) const;
};

// The list's query parameters as received (decoded; nullopt when absent).
struct ListParams {
  std::optional<std::string> p, type, status, author, search, q, sort, limit;
};

// Everything but the cursor, or a 400 message naming the parameter that is wrong.
Result<ListQuery> parse_list_query(const ListParams& params);

}  // namespace hub::discussions
