#pragma once
// Markdown written by users (discussions, bugs) rendered to HTML that is safe to put in a page.
// Parsing and HTML escaping are cmark-gfm's, in its safe mode: raw HTML in the input becomes
// `<!-- raw HTML omitted -->`. On top of it, on cmark's syntax tree: link and image URLs are kept
// only when relative or http, https or mailto; every link gets rel="nofollow noopener" (comments
// must not lend the hub's ranking to spam, nor give an opened page `window.opener`); `@name`
// mentions and `#N` references in plain text (never in code) become links and are collected, so
// the caller can notify who was mentioned and cross-link what was referenced.
//
// Plain interfaces only (no Beast, Asio or libpqxx), in its own library `hub_markdown`: services
// that render Markdown link it; the others do not carry cmark-gfm.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hub::markdown {

// `@user`, or `@org/group` (then `user` holds the org). Names as the hub spells them: ASCII letters,
// digits, '-', '_' and '.', 1 to 42 of them per part, not starting or ending with '-' or '.'
// (a sentence's full stop after `@alice.` is not part of the name). Whether the account exists is
// the caller's business: a mention is only what the text says.
struct Mention {
  std::string user;
  std::string group;  // empty for a user mention

  bool operator==(const Mention&) const = default;
};

struct Rendered {
  std::string html;
  std::vector<Mention> mentions;         // deduplicated, in order of first appearance
  std::vector<std::int64_t> references;  // every `#N` seen (resolved or not), deduplicated, in order
};

// Where mentions and references link to.
struct Links {
  // Mentions link to {profile_base}/{user} (a group mention to its org's page), e.g.
  // "https://hub.example" or "" for site-relative links; a trailing '/' is ignored.
  std::string profile_base;
  // The URL `#N` links to, or nullopt to leave the text as it is (no such number). Called once per
  // distinct N of a render. May be empty: no reference becomes a link, all are still collected.
  std::function<std::optional<std::string>(std::int64_t n)> reference;
};

// Sanitized HTML for `markdown`, with GFM tables, strikethrough, autolinks and task lists. Bytes
// that are not UTF-8 become U+FFFD. Never throws on any input but std::bad_alloc; time and memory
// grow about linearly with the input, whose size the caller limits.
Rendered render(std::string_view markdown, const Links& links);

// The mentions render would collect, without rendering (the recipients of a notification).
std::vector<Mention> mentions(std::string_view markdown);

// `url` as an href may carry it: relative (no scheme) or of scheme http, https or mailto, with
// leading and trailing spaces and controls and every tab and newline removed (browsers ignore them,
// so `java\tscript:` is `javascript:`); "" for anything else. Exposed for tests and for callers
// that put a user's URL in a page themselves.
std::string allowed_url(std::string_view url);

}  // namespace hub::markdown
