#include "services/bugs/domain/list_query.hpp"

#include <algorithm>

#include "common/util/enum_names.hpp"
#include "common/util/strings.hpp"
#include "common/util/utf8.hpp"
#include "services/bugs/domain/label.hpp"

namespace hub::bugs {
namespace {

constexpr util::EnumNames<Sort, 4> kSortNames = {{{Sort::kNewest, "newest"},
                                                  {Sort::kOldest, "oldest"},
                                                  {Sort::kRecentlyUpdated, "recently-updated"},
                                                  {Sort::kSeverity, "severity"}}};

// A filter's text: at most 200 bytes of UTF-8, one line.
Result<std::string> filter_text(const std::optional<std::string>& value, std::string_view name) {
  if (!value) return std::string();
  const std::string trimmed(util::trim(*value));
  if (trimmed.size() > 200 || !util::valid_utf8(trimmed) ||
      std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return fail(std::string(name) + " is not a valid filter");
  }
  return trimmed;
}

// The values of a list parameter: each occurrence split at commas, trimmed, empty ones dropped.
Result<std::vector<std::string>> values_of(const std::vector<std::string>& occurrences, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& occurrence : occurrences) {
    for (auto part : util::split(occurrence, ',')) {
      const std::string value(util::trim(part));
      if (value.empty()) continue;
      if (out.size() == kMaxFilterValues) {
        return fail(std::string(name) + " takes at most " + std::to_string(kMaxFilterValues) + " values");
      }
      if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
    }
  }
  return out;
}

}  // namespace

std::optional<Sort> parse_sort(std::string_view word) {
  return util::value_named(kSortNames, word);
}

std::string_view sort_name(Sort sort) {
  return util::name_of(kSortNames, sort);
}

std::string position_text(const Position& p) {
  return std::to_string(p.key) + ":" + std::to_string(p.num);
}

std::optional<Position> parse_position(std::string_view text) {
  const auto parts = util::split(text, ':');
  if (parts.size() != 2) return std::nullopt;
  const auto key = util::parse_int(parts[0]);
  const auto num = util::parse_int(parts[1]);
  if (!key || !num || *num < 0) return std::nullopt;
  return Position{*key, *num};
}

std::string ListQuery::cursor_scope(std::string_view repo_id) const {
  std::string scope = "bugs:";
  scope.append(repo_id).append(":").append(sort_name(sort)).append(":s");
  for (Status s : statuses)
    scope.append(",").append(status_name(s));
  scope.append(":v");
  for (Severity s : severities)
    scope.append(",").append(severity_name(s));
  // Free text goes in with its length first, so no two filter sets read alike.
  for (const std::string& label : labels)
    scope.append(":l").append(std::to_string(label.size())).append("=").append(label);
  for (const std::string* text : {&assignee, &author, &affects, &q}) {
    scope.append(":").append(std::to_string(text->size())).append("=").append(*text);
  }
  return scope;
}

Result<ListQuery> parse_list_query(const ListParams& params) {
  ListQuery query;
  auto statuses = values_of(params.status, "status");
  if (!statuses) return Failure{statuses.error()};
  for (const auto& word : *statuses) {
    if (word == "all") continue;
    const auto status = parse_status(word);
    if (!status) return fail("status is open, triaged, in_progress, resolved, closed, wontfix, duplicate or all");
    if (std::find(query.statuses.begin(), query.statuses.end(), *status) == query.statuses.end()) {
      query.statuses.push_back(*status);
    }
  }
  if (std::find(statuses->begin(), statuses->end(), "all") != statuses->end()) query.statuses.clear();
  auto severities = values_of(params.severity, "severity");
  if (!severities) return Failure{severities.error()};
  for (const auto& word : *severities) {
    auto severity = checked_severity(word);
    if (!severity) return Failure{severity.error()};
    if (std::find(query.severities.begin(), query.severities.end(), *severity) == query.severities.end()) {
      query.severities.push_back(*severity);
    }
  }
  auto labels = values_of(params.label, "label");
  if (!labels) return Failure{labels.error()};
  for (const auto& name : *labels) {
    auto checked = checked_label_name(name);
    if (!checked) return fail("label is a label's name (or several, comma-separated)");
    query.labels.push_back(std::move(checked.value()));
  }
  if (params.sort) {
    const auto sort = parse_sort(*params.sort);
    if (!sort) return fail("sort is newest, oldest, recently-updated or severity");
    query.sort = *sort;
  }
  if (params.limit) {
    const auto limit = util::parse_int(*params.limit);
    if (!limit || *limit < 1 || *limit > kMaxPage) return fail("limit is a number from 1 to 1000");
    query.limit = *limit;
  }
  struct Text {
    const std::optional<std::string>& value;
    std::string_view name;
    std::string& into;
  };
  for (const Text& t : {Text{params.assignee, "assignee", query.assignee}, Text{params.author, "author", query.author},
                        Text{params.affects, "affects", query.affects}, Text{params.q, "q", query.q}}) {
    auto text = filter_text(t.value, t.name);
    if (!text) return Failure{text.error()};
    t.into = std::move(text.value());
  }
  if (params.affects && query.affects.empty()) return fail("affects is a branch, tag or commit of the repo");
  if (params.affects && params.status.empty()) {
    for (Status s : all_statuses())
      if (is_known(s)) query.statuses.push_back(s);
  }
  return query;
}

}  // namespace hub::bugs
