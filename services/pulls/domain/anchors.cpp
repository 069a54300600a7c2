#include "services/pulls/domain/anchors.hpp"

#include <cstdlib>
#include <vector>

namespace hub::pulls {
namespace {

std::vector<std::string_view> split_lines(std::string_view file) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < file.size()) {
    const std::size_t end = file.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(file.substr(start));
      break;
    }
    std::string_view line = file.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

bool block_at(const std::vector<std::string_view>& lines, std::size_t at, const std::vector<std::string_view>& block) {
  if (at + block.size() > lines.size()) return false;
  for (std::size_t i = 0; i < block.size(); ++i)
    if (lines[at + i] != block[i]) return false;
  return true;
}

}  // namespace

std::optional<std::string> lines_of(std::string_view file, int first, int last) {
  const auto lines = split_lines(file);
  if (first < 1 || last < first || static_cast<std::size_t>(last) > lines.size()) return std::nullopt;
  std::string out;
  for (int i = first; i <= last; ++i) {
    if (i > first) out += '\n';
    out.append(lines[static_cast<std::size_t>(i - 1)]);
  }
  return out;
}

Anchor reanchor(std::string_view file_now, int first, int last, std::string_view anchor_text) {
  const auto lines = split_lines(file_now);
  std::vector<std::string_view> block = split_lines(anchor_text);
  if (block.empty()) block.emplace_back();  // an anchored empty line
  const std::size_t original = first >= 1 ? static_cast<std::size_t>(first - 1) : 0;
  if (block_at(lines, original, block)) return Anchor{false, first, last};
  // The nearest occurrence of the whole block; ties go to the later one (text inserted above).
  std::optional<std::size_t> best;
  for (std::size_t at = 0; at + block.size() <= lines.size(); ++at) {
    if (!block_at(lines, at, block)) continue;
    const auto distance = [&](std::size_t p) { return p > original ? p - original : original - p; };
    if (!best || distance(at) <= distance(*best)) best = at;
  }
  if (!best) return Anchor{true, first, last};
  const int moved_first = static_cast<int>(*best) + 1;
  return Anchor{false, moved_first, moved_first + static_cast<int>(block.size()) - 1};
}

}  // namespace hub::pulls
