// Markdown from users rendered to HTML: never a crash, and whatever the input, the output is valid
// UTF-8, holds no tag raw HTML could have brought, and every link carries rel; mentions() finds
// what render() collects.
#include "common/markdown/markdown.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/util/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view md(reinterpret_cast<const char*>(data), size);
  const hub::markdown::Links links{"https://hub.example", [](std::int64_t n) -> std::optional<std::string> {
                                     if (n % 2 == 0) return std::nullopt;
                                     return "/acme/bert/discussions/" + std::to_string(n);
                                   }};
  const auto rendered = hub::markdown::render(md, links);
  if (!hub::util::valid_utf8(rendered.html)) std::abort();
  std::string lower = rendered.html;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* tag : {"<script", "<iframe", "<svg", "<style", "<form", "<object", "<embed", "<math"}) {
    if (lower.find(tag) != std::string::npos) std::abort();
  }
  for (std::size_t at = lower.find("<a "); at != std::string::npos; at = lower.find("<a ", at + 1)) {
    const std::size_t end = lower.find('>', at);
    if (end == std::string::npos) std::abort();
    const std::string_view tag = std::string_view(lower).substr(at, end - at);
    if (!tag.starts_with("<a href=\"") || tag.find(" rel=\"nofollow noopener\"") == std::string_view::npos) {
      std::abort();
    }
    // The href is relative or of an allowed scheme (a title may say anything, escaped).
    const std::string_view href = tag.substr(9, tag.find('"', 9) - 9);
    const std::size_t colon = href.find_first_of(":/?#");
    if (colon != std::string_view::npos && href[colon] == ':') {
      const std::string_view scheme = href.substr(0, colon);
      if (scheme != "http" && scheme != "https" && scheme != "mailto") std::abort();
    }
  }
  if (hub::markdown::mentions(md) != rendered.mentions) std::abort();
  return 0;
}
