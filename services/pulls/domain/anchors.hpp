#pragma once
// Where a line comment stands after the file changed: a comment keeps the text of the lines it was
// made on, and is found again at the same place, or moved to the nearest place holding exactly
// that text, or marked outdated when the text is gone. Content, not diff arithmetic: it holds for
// any number of pushes, force-pushes included, and for commits arriving in any order.
#include <optional>
#include <string>
#include <string_view>

namespace hub::pulls {

// The text of lines [first, last] (1-based, inclusive) of `file`, joined by '\n'; nullopt when the
// file has fewer lines.
std::optional<std::string> lines_of(std::string_view file, int first, int last);

struct Anchor {
  bool outdated = false;
  int first = 0;  // where the lines are now (the original place when outdated)
  int last = 0;
};
Anchor reanchor(std::string_view file_now, int first, int last, std::string_view anchor_text);

}  // namespace hub::pulls
