#include "services/discussions/domain/list_query.hpp"

#include "common/util/enum_names.hpp"
#include "common/util/strings.hpp"
#include "common/util/utf8.hpp"

namespace hub::discussions {
namespace {

constexpr util::EnumNames<Kind, 3> kKindNames = {
    {{Kind::kAll, "all"}, {Kind::kDiscussion, "discussion"}, {Kind::kPullRequest, "pull_request"}}};

constexpr util::EnumNames<Sort, 3> kSortNames = {{{Sort::kRecentlyCreated, "recently-created"},
                                                  {Sort::kRecentlyUpdated, "recently-updated"},
                                                  {Sort::kMostCommented, "most-commented"}}};

// A filter's text: at most 200 bytes of UTF-8 (longer is no name and no sensible search).
Result<std::string> filter_text(const std::optional<std::string>& value, std::string_view name) {
  if (!value) return std::string();
  const std::string trimmed(util::trim(*value));
  if (trimmed.size() > 200 || !util::valid_utf8(trimmed) || trimmed.find('\0') != std::string::npos) {
    return fail(std::string(name) + " is not a valid filter");
  }
  return trimmed;
}

}  // namespace

std::optional<Kind> parse_kind(std::string_view word) {
  return util::value_named(kKindNames, word);
}

std::optional<Sort> parse_sort(std::string_view word) {
  return util::value_named(kSortNames, word);
}

std::string_view sort_name(Sort sort) {
  return util::name_of(kSortNames, sort);
}

std::string position_text(const Position& p) {
  return std::to_string(p.key) + ":" + std::to_string(p.num) + ":" + std::to_string(p.offset);
}

std::optional<Position> parse_position(std::string_view text) {
  const auto parts = util::split(text, ':');
  if (parts.size() != 3) return std::nullopt;
  const auto key = util::parse_int(parts[0]);
  const auto num = util::parse_int(parts[1]);
  const auto offset = util::parse_int(parts[2]);
  if (!key || !num || !offset || *num < 0 || *offset < 0) return std::nullopt;
  return Position{*key, *num, *offset};
}

std::string ListQuery::cursor_scope(std::string_view repo_id) const {
  std::string scope = "threads:";
  scope.append(repo_id).append(":").append(util::name_of(kKindNames, kind)).append(":");
  scope.append(status ? status_name(*status) : "all").append(":").append(sort_name(sort));
  // Free text goes in with its length first, so no two filter sets read alike.
  for (const std::string* text : {&author, &search, &q}) {
    scope.append(":").append(std::to_string(text->size())).append("=").append(*text);
  }
  return scope;
}

Result<ListQuery> parse_list_query(const ListParams& params) {
  ListQuery query;
  if (params.p) {
    const auto page = util::parse_int(*params.p);
    if (!page || *page < 0 || *page > kMaxPageIndex) return fail("p is a page number from 0");
    query.page = *page;
  }
  if (params.type) {
    const auto kind = parse_kind(*params.type);
    if (!kind) return fail("type is all, discussion or pull_request");
    query.kind = *kind;
  }
  if (params.status && *params.status != "all") {
    query.status = parse_status(*params.status);
    if (!query.status) return fail("status is all, open, closed, merged or draft");
  }
  if (params.sort) {
    const auto sort = parse_sort(*params.sort);
    if (!sort) return fail("sort is recently-created, recently-updated or most-commented");
    query.sort = *sort;
  }
  if (params.limit) {
    const auto limit = util::parse_int(*params.limit);
    if (!limit || *limit < 1 || *limit > 1000) return fail("limit is a number from 1 to 1000");
    query.limit = *limit;
  }
  auto author = filter_text(params.author, "author");
  if (!author) return Failure{author.error()};
  query.author = std::move(author.value());
  auto search = filter_text(params.search, "search");
  if (!search) return Failure{search.error()};
  query.search = std::move(search.value());
  auto q = filter_text(params.q, "q");
  if (!q) return Failure{q.error()};
  query.q = std::move(q.value());
  return query;
}

}  // namespace hub::discussions
