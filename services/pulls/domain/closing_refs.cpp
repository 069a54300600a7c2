#include "services/pulls/domain/closing_refs.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace hub::pulls {
namespace {

constexpr std::array<std::string_view, 9> kKeywords{"fix",    "fixes",   "fixed",    "close",   "closes",
                                                    "closed", "resolve", "resolves", "resolved"};

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

}  // namespace

std::vector<std::int64_t> closing_references(std::string_view text) {
  std::vector<std::int64_t> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isalpha(static_cast<unsigned char>(text[i])) || (i > 0 && word_char(text[i - 1]))) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end])))
      ++end;
    std::string word(text.substr(i, end - i));
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
    i = end;
    if (std::find(kKeywords.begin(), kKeywords.end(), word) == kKeywords.end()) continue;
    // An optional colon, then spaces, then #digits ending at a word boundary.
    std::size_t j = end;
    if (j < text.size() && text[j] == ':') ++j;
    const std::size_t spaces = j;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t'))
      ++j;
    if (j == spaces || j >= text.size() || text[j] != '#') continue;
    std::size_t k = j + 1;
    std::int64_t num = 0;
    while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k])) && k - j <= 12) {
      num = num * 10 + (text[k] - '0');
      ++k;
    }
    if (k == j + 1 || (k < text.size() && word_char(text[k])) || num <= 0) continue;
    out.push_back(num);
    i = k;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace hub::pulls
