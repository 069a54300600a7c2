#include "common/markdown/markdown.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "common/util/utf8.hpp"

namespace hub::markdown {
namespace {

Links test_links() {
  return Links{"https://hub.example", [](std::int64_t n) -> std::optional<std::string> {
                 if (n == 3 || n == 7) return "/acme/bert/discussions/" + std::to_string(n);
                 return std::nullopt;
               }};
}

std::string html(std::string_view md) {
  return render(md, test_links()).html;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// An attribute value as the browser reads it: character references decoded (once), and the
// whitespace and controls a URL parser skips removed.
std::string as_browser_reads(std::string_view v) {
  static const std::map<std::string, char> kNamed = {{"amp", '&'},   {"lt", '<'},    {"gt", '>'},   {"quot", '"'},
                                                     {"apos", '\''}, {"colon", ':'}, {"tab", '\t'}, {"newline", '\n'}};
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::size_t semi = v.find(';', i);
    if (v[i] == '&' && semi != std::string_view::npos && semi - i <= 10) {
      const std::string ref(v.substr(i + 1, semi - i - 1));
      if (!ref.empty() && ref[0] == '#') {
        const bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
        out += static_cast<char>(std::stoi(ref.substr(hex ? 2 : 1), nullptr, hex ? 16 : 10));
        i = semi;
        continue;
      }
      if (auto it = kNamed.find(lower(ref)); it != kNamed.end()) {
        out += it->second;
        i = semi;
        continue;
      }
    }
    out += v[i];
  }
  std::string clean;
  for (char c : out) {
    if (static_cast<unsigned char>(c) > 0x20) clean += c;
  }
  return lower(clean);
}

struct Tag {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
};

// The tags of cmark's output (well-formed: every attribute value quoted), with their attributes.
std::vector<Tag> tags_of(std::string_view h) {
  std::vector<Tag> tags;
  std::size_t i = 0;
  while ((i = h.find('<', i)) != std::string_view::npos) {
    ++i;
    if (i < h.size() && h[i] == '/') ++i;
    if (i >= h.size() || !std::isalpha(static_cast<unsigned char>(h[i]))) continue;
    Tag tag;
    while (i < h.size() && std::isalnum(static_cast<unsigned char>(h[i])))
      tag.name += static_cast<char>(std::tolower(h[i++]));
    while (i < h.size() && h[i] != '>') {
      if (std::isspace(static_cast<unsigned char>(h[i])) || h[i] == '/') {
        ++i;
        continue;
      }
      std::string name, value;
      while (i < h.size() && !std::isspace(static_cast<unsigned char>(h[i])) && h[i] != '=' && h[i] != '>') {
        name += static_cast<char>(std::tolower(h[i++]));
      }
      if (i < h.size() && h[i] == '=') {
        ++i;
        const char quote = i < h.size() ? h[i] : '\0';
        if (quote == '"' || quote == '\'') {
          const std::size_t end = h.find(quote, i + 1);
          value = std::string(h.substr(i + 1, end - i - 1));
          i = end == std::string_view::npos ? h.size() : end + 1;
        } else {
          while (i < h.size() && !std::isspace(static_cast<unsigned char>(h[i])) && h[i] != '>')
            value += h[i++];
        }
      }
      tag.attributes.emplace_back(name, value);
    }
    tags.push_back(std::move(tag));
  }
  return tags;
}

// What cmark-gfm renders from Markdown with our extensions, and nothing else.
const std::vector<std::string> kAllowedTags = {
    "a",  "p",  "em", "strong", "del", "code", "pre",   "blockquote", "ul",    "ol", "li", "input", "h1", "h2",
    "h3", "h4", "h5", "h6",     "hr",  "br",   "table", "thead",      "tbody", "tr", "th", "td",    "img"};
const std::vector<std::string> kAllowedAttributes = {"href",  "rel",     "class",    "title", "src",  "alt",
                                                     "align", "checked", "disabled", "type",  "start"};

void expect_safe(const std::string& payload) {
  const std::string out = html(payload);
  SCOPED_TRACE("payload: " + payload + "\nhtml: " + out);
  const std::string low = lower(out);
  for (const char* raw : {"<script", "<iframe", "<svg", "<style", "<form", "<object", "<embed", "<math", "<meta",
                          "<base", "<div", "<link"}) {
    EXPECT_EQ(low.find(raw), std::string::npos) << raw;
  }
  for (const auto& tag : tags_of(out)) {
    EXPECT_NE(std::find(kAllowedTags.begin(), kAllowedTags.end(), tag.name), kAllowedTags.end()) << tag.name;
    for (const auto& [name, value] : tag.attributes) {
      EXPECT_FALSE(name.starts_with("on")) << name;
      EXPECT_NE(std::find(kAllowedAttributes.begin(), kAllowedAttributes.end(), name), kAllowedAttributes.end())
          << name;
      if (name == "href" || name == "src") {
        const std::string url = as_browser_reads(value);
        for (const char* scheme : {"javascript:", "vbscript:", "data:", "file:"}) {
          EXPECT_EQ(url.find(scheme), std::string::npos) << name << "=" << value;
        }
      }
      if (tag.name == "a" && name == "href") {
        const bool has_rel = std::any_of(tag.attributes.begin(), tag.attributes.end(), [](const auto& a) {
          return a.first == "rel" && a.second == "nofollow noopener";
        });
        EXPECT_TRUE(has_rel);
      }
    }
  }
}

// The check below would see what it looks for, were it there.
TEST(Markdown, TheXssCheckSeesAttributes) {
  const auto tags = tags_of("<p><a href=\"&#106;ava&#9;script:x\" onclick='y'>t</a></p>");
  ASSERT_EQ(tags.size(), 4u);
  EXPECT_EQ(tags[1].name, "a");
  ASSERT_EQ(tags[1].attributes.size(), 2u);
  EXPECT_EQ(as_browser_reads(tags[1].attributes[0].second), "javascript:x");
  EXPECT_EQ(tags[1].attributes[1], (std::pair<std::string, std::string>{"onclick", "y"}));
}

TEST(Markdown, KnownXssPayloadsComeOutHarmless) {
  const std::vector<std::string> payloads = {
      // Links with a script scheme, in every spelling cmark or a browser would turn into one.
      "[x](javascript:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "[x](  javascript:alert(1))",
      "[x](<javascript:alert(1)>)",
      "[x](< javascript:alert(1)>)",
      "[x](&#106;avascript:alert(1))",
      "[x](&#x6A;avascript:alert(1))",
      "[x](&#0000106;&#0000097;vascript:alert(1))",
      "[x](javascript&#58;alert(1))",
      "[x](javascript&colon;alert(1))",
      "[x](<java\tscript:alert(1)>)",
      "[x](java&#9;script:alert(1))",
      "[x](java&#10;script:alert(1))",
      "[x](java&#x0D;script:alert(1))",
      "[x](&#1;javascript:alert(1))",
      "[x](&#x20;javascript:alert(1))",
      "[x](\\javascript:alert(1))",
      "[x](vbscript:msgbox(1))",
      "[x](VBScript:msgbox(1))",
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "[x](DATA:text/html,<script>alert(1)</script>)",
      "[x](file:///etc/passwd)",
      "[x]( javascript:alert(1) \"title\")",
      // Images.
      "![x](javascript:alert(1))",
      "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
      "![x](data:image/png;base64,iVBORw0KGgo=)",
      "![x](&#x6A;avascript:alert(1) \"t\")",
      // Reference-style links and images.
      "[x][r]\n\n[r]: javascript:alert(1)",
      "[x][r]\n\n[r]: <&#106;avascript:alert(1)> \"t\"",
      "![x][r]\n\n[r]: data:image/svg+xml,<svg/onload=alert(1)>",
      "[r]\n\n[r]: vbscript:msgbox(1)",
      // Autolinks.
      "<javascript:alert(1)>",
      "<JAVASCRIPT:alert(1)>",
      "<vbscript:msgbox(1)>",
      "<data:text/html;base64,PHNjcmlwdD4=>",
      "https://example.com/\"onmouseover=\"alert(1)",
      "www.example.com/'onmouseover='alert(1)",
      // Titles trying to leave their attribute.
      "[x](http://a \"\\\" onmouseover=\\\"alert(1)\")",
      "[x](http://a 'x\\' onmouseover=alert(1) ')",
      "[x](http://a (\"><script>alert(1)</script>))",
      "[x](<#\" onclick=\"alert(1)>)",
      "[x](http://a\"onmouseover=\"alert(1))",
      "![x](http://a/i.png \"\\\" onerror=\\\"alert(1)\")",
      // Nesting.
      "[[x](javascript:alert(1))](http://a)",
      "![[x](javascript:alert(1))](http://a/i.png)",
      "[![x](javascript:alert(1))](javascript:alert(2))",
      "~~[x](javascript:alert(1))~~ **[y](vbscript:x)**",
      "| a |\n|---|\n| [x](javascript:alert(1)) <img src=x onerror=alert(1)> |",
      "- [ ] [x](javascript:alert(1)) <script>alert(1)</script>",
      "> [x](javascript:alert(1))",
      // Raw HTML, as a block and inline.
      "<script>alert(1)</script>",
      "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
      "text <script>alert(1)</script> text",
      "<img src=x onerror=alert(1)>",
      "text <img src=x onerror=alert(1)> text",
      "<svg onload=alert(1)>",
      "<svg><script>alert(1)</script></svg>",
      "<iframe src=\"javascript:alert(1)\"></iframe>",
      "<a href=\"javascript:alert(1)\">x</a>",
      "a <a href=\"http://a\" onclick=\"alert(1)\">x</a>",
      "<div onmouseover=\"alert(1)\">x</div>",
      "<body onload=alert(1)>",
      "<!-- <script>alert(1)</script> -->",
      "x <!-- --><script>alert(1)</script> -->",
      "<style>body{background:url(javascript:alert(1))}</style>",
      "<form action=javascript:alert(1)><input type=submit></form>",
      "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
      "<object data=\"javascript:alert(1)\"></object><embed src=javascript:alert(1)>",
      "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
      "<base href=\"javascript:/\">",
      "<link rel=stylesheet href=javascript:alert(1)>",
      "<scr<script>ipt>alert(1)</script>",
      "`<script>` and\n\n```html\n<script>alert(1)</script>\n```",
      // Mentions and references next to markup.
      "@alice<script>alert(1)</script> #3<img src=x onerror=alert(1)>",
      "[@alice](javascript:alert(1)) [#3](javascript:alert(1))",
  };
  EXPECT_GE(payloads.size(), 35u);
  for (const auto& p : payloads)
    expect_safe(p);
}

TEST(Markdown, DangerousLinksKeepTheirTextWithAnEmptyHref) {
  EXPECT_EQ(html("[click](javascript:alert(1))"), "<p><a href=\"\" rel=\"nofollow noopener\">click</a></p>\n");
  EXPECT_EQ(html("![pic](data:image/png;base64,AAAA)"), "<p><img src=\"\" alt=\"pic\" /></p>\n");
}

TEST(Markdown, NormalLinksKeepTheirHrefAndGetRel) {
  EXPECT_EQ(html("[docs](https://example.com/a?b=1&c=2 \"The docs\")"),
            "<p><a href=\"https://example.com/a?b=1&amp;c=2\" title=\"The docs\" rel=\"nofollow noopener\">docs</a>"
            "</p>\n");
  EXPECT_EQ(html("[up](../README.md#usage)"),
            "<p><a href=\"../README.md#usage\" rel=\"nofollow noopener\">up</a></p>\n");
  EXPECT_EQ(html("[mail](mailto:a@example.com)"),
            "<p><a href=\"mailto:a@example.com\" rel=\"nofollow noopener\">mail</a></p>\n");
  // Spaces and non-ASCII percent-encoded; an attribute cannot be left.
  EXPECT_EQ(html("[x](</a b/é>)"), "<p><a href=\"/a%20b/%C3%A9\" rel=\"nofollow noopener\">x</a></p>\n");
  EXPECT_EQ(html("![logo](https://example.com/logo.png)"),
            "<p><img src=\"https://example.com/logo.png\" alt=\"logo\" /></p>\n");
}

TEST(Markdown, AutolinksGetRelToo) {
  EXPECT_EQ(html("<https://example.com>"),
            "<p><a href=\"https://example.com\" rel=\"nofollow noopener\">https://example.com</a></p>\n");
  EXPECT_EQ(html("see www.example.com"),
            "<p>see <a href=\"http://www.example.com\" rel=\"nofollow noopener\">www.example.com</a></p>\n");
  EXPECT_EQ(html("see https://example.com/x."),
            "<p>see <a href=\"https://example.com/x\" rel=\"nofollow noopener\">https://example.com/x</a>.</p>\n");
}

TEST(Markdown, TablesStrikethroughAndTaskListsRender) {
  const std::string table = html("| a | b |\n|:--|--:|\n| [x](http://a) | ~~old~~ |\n");
  EXPECT_NE(table.find("<table>"), std::string::npos) << table;
  EXPECT_NE(table.find("<th align=\"left\">a</th>"), std::string::npos) << table;
  // A link in a table cell is rewritten too (cells refuse custom nodes unless told otherwise).
  EXPECT_NE(table.find("<td align=\"left\"><a href=\"http://a\" rel=\"nofollow noopener\">x</a></td>"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("<del>old</del>"), std::string::npos) << table;

  const std::string tasks = html("- [x] done\n- [ ] todo\n");
  EXPECT_NE(tasks.find("<input type=\"checkbox\" checked=\"\" disabled=\"\" /> done"), std::string::npos) << tasks;
  EXPECT_NE(tasks.find("<input type=\"checkbox\" disabled=\"\" /> todo"), std::string::npos) << tasks;
}

TEST(Markdown, MentionsAndReferencesAreLinkedAndCollected) {
  const auto r = render("Hi @alice and @acme/ml-team, see #3, #4 and #3 again; @alice agrees.", test_links());
  EXPECT_EQ(
      r.html,
      "<p>Hi <a href=\"https://hub.example/alice\" rel=\"nofollow noopener\" class=\"mention\">@alice</a> and "
      "<a href=\"https://hub.example/acme\" rel=\"nofollow noopener\" class=\"mention\">@acme/ml-team</a>, see "
      "<a href=\"/acme/bert/discussions/3\" rel=\"nofollow noopener\" class=\"reference\">#3</a>, #4 and "
      "<a href=\"/acme/bert/discussions/3\" rel=\"nofollow noopener\" class=\"reference\">#3</a> again; "
      "<a href=\"https://hub.example/alice\" rel=\"nofollow noopener\" class=\"mention\">@alice</a> agrees.</p>\n");
  EXPECT_EQ(r.mentions, (std::vector<Mention>{{"alice", ""}, {"acme", "ml-team"}}));
  EXPECT_EQ(r.references, (std::vector<std::int64_t>{3, 4}));  // 4 unresolved, still collected
}

TEST(Markdown, MentionsInTablesEmphasisAndListsCount) {
  const auto r = render("*@bob* | x\n--|--\n@carol | #7\n\n- **@dave**\n", test_links());
  EXPECT_EQ(r.mentions, (std::vector<Mention>{{"bob", ""}, {"carol", ""}, {"dave", ""}}));
  EXPECT_EQ(r.references, (std::vector<std::int64_t>{7}));
  EXPECT_NE(r.html.find("<td><a href=\"https://hub.example/carol\""), std::string::npos) << r.html;
}

TEST(Markdown, CodeKeepsMentionsAndReferencesAsText) {
  const auto r = render("`@alice #3`\n\n```\n@bob #3\n```\n\n    @carol #7\n", test_links());
  EXPECT_TRUE(r.mentions.empty());
  EXPECT_TRUE(r.references.empty());
  EXPECT_EQ(r.html,
            "<p><code>@alice #3</code></p>\n<pre><code>@bob #3\n</code></pre>\n<pre><code>@carol #7\n</code></pre>\n");
}

TEST(Markdown, LinkTextIsNeitherMentionNorReference) {
  const auto r = render("[@alice #3](http://a) ![@bob #7](http://a/i.png)", test_links());
  EXPECT_TRUE(r.mentions.empty());
  EXPECT_TRUE(r.references.empty());
}

TEST(Markdown, WhatIsNotAMention) {
  EXPECT_TRUE(mentions("mail a@b.com or x@y").empty());
  EXPECT_TRUE(mentions("a.@bob a-@bob a_@bob @@bob").empty());
  EXPECT_TRUE(mentions("@-bob @.bob @ bob").empty());
  EXPECT_TRUE(mentions("@" + std::string(43, 'a')).empty());
  EXPECT_TRUE(mentions("\xc3\xa9@bob").empty());  // after a letter, even a non-ASCII one
  EXPECT_TRUE(mentions("@bob@example.com").empty());
  EXPECT_EQ(mentions("@" + std::string(42, 'a')), (std::vector<Mention>{{std::string(42, 'a'), ""}}));
}

TEST(Markdown, MentionsEndBeforePunctuation) {
  EXPECT_EQ(mentions("Thanks @alice. And (@bob), @carol-! @d.e.f, @org/ @org2/.x @o/g."),
            (std::vector<Mention>{
                {"alice", ""}, {"bob", ""}, {"carol", ""}, {"d.e.f", ""}, {"org", ""}, {"org2", ""}, {"o", "g"}}));
}

TEST(Markdown, MentionsAgreesWithRender) {
  const std::string md = "@a `@b` [@c](x) @d/e\n\n```\n@f\n```\n@g";
  EXPECT_EQ(mentions(md), render(md, {}).mentions);
  EXPECT_EQ(mentions(md), (std::vector<Mention>{{"a", ""}, {"d", "e"}, {"g", ""}}));
}

TEST(Markdown, WhatIsNotAReference) {
  for (const char* text : {"#3x", "x#3", "#0", "#012", "#1234567890", "#_3", "#", "# 3", "#3_"}) {
    const auto r = render(text, test_links());
    EXPECT_TRUE(r.references.empty()) << text;
    EXPECT_EQ(r.html.find("<a"), std::string::npos) << text;
  }
  EXPECT_EQ(render("(#3) #3. #3,#7 ##7 #123456789", test_links()).references,
            (std::vector<std::int64_t>{3, 7, 123456789}));
}

TEST(Markdown, ReferencesWithoutAResolverAreCollectedOnly) {
  const auto r = render("see #3 and @alice", Links{"", {}});
  EXPECT_EQ(r.references, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(r.html, "<p>see #3 and <a href=\"/alice\" rel=\"nofollow noopener\" class=\"mention\">@alice</a></p>\n");
}

TEST(Markdown, TheResolverIsAskedOncePerNumberAndItsUrlIsFiltered) {
  std::map<std::int64_t, int> asked;
  Links links{"https://hub.example/", [&](std::int64_t n) -> std::optional<std::string> {
                ++asked[n];
                return n == 1 ? "javascript:alert(1)" : "/d/" + std::to_string(n) + "?a=\"b\"";
              }};
  const auto r = render("#1 #2 #2 #1 @x", links);
  EXPECT_EQ(asked, (std::map<std::int64_t, int>{{1, 1}, {2, 1}}));
  EXPECT_EQ(r.html,
            "<p>#1 <a href=\"/d/2?a=%22b%22\" rel=\"nofollow noopener\" class=\"reference\">#2</a> "
            "<a href=\"/d/2?a=%22b%22\" rel=\"nofollow noopener\" class=\"reference\">#2</a> #1 "
            "<a href=\"https://hub.example/x\" rel=\"nofollow noopener\" class=\"mention\">@x</a></p>\n");
}

TEST(Markdown, AllowedUrls) {
  for (const char* ok :
       {"https://a", "HTTP://a", "mailto:x@y", "/p", "#f", "?q", "./a:b", "a/b:c", "p", "", "//cdn.example/x"}) {
    EXPECT_EQ(allowed_url(ok), ok) << ok;
  }
  EXPECT_EQ(allowed_url(" \x01https://a\t/b\n "), "https://a/b");
  using namespace std::string_literals;  // "\0" inside a URL
  for (const std::string& bad :
       {"javascript:x"s, "JaVaScRiPt:x"s, " javascript:x"s, "\x01javascript:x"s, "java\tscript:x"s, "java\nscript:x"s,
        "java\rscript:x"s, "java script:x"s, "java\0script:x"s, "vbscript:x"s, "data:text/html,x"s,
        "file:///etc/passwd"s, "ftp://a"s, ":x"s,
        "\xef\xbd\x8a"
        "avascript:x"s}) {
    EXPECT_EQ(allowed_url(bad), "") << bad;
  }
}

TEST(Markdown, InvalidUtf8DoesNotCrashAndComesOutValid) {
  const std::string bad =
      "@al\xff"
      "ice [x](http://a/\xc3) \xed\xa0\x80 #3\xc0\xaf `\xfe` | a |\n|--|\n| \x80 |";
  const auto r = render(bad, test_links());
  EXPECT_TRUE(util::valid_utf8(r.html)) << r.html;
  EXPECT_TRUE(util::valid_utf8(render(std::string("a\0b\xff", 4), test_links()).html));
}

TEST(Markdown, RendersTheSameFromSeveralThreads) {
  const std::string md = "~~old~~ www.example.com @alice #3 | a |\n|---|\n| ~~b~~ https://x.example |";
  const std::string expected = html(md);
  std::vector<std::thread> threads;
  threads.reserve(4);
  std::atomic<int> differing = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (html(md) != expected) ++differing;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(differing.load(), 0);
}

TEST(Markdown, HostileNestingFinishes) {
  // Inputs that make naive Markdown parsers quadratic or recurse deeply: each must simply finish.
  const std::size_t n = 20000;
  for (const std::string& md :
       {std::string(n, '['), std::string(n, '*'), std::string(n, '>') + "x", std::string(n, '`'),
        std::string(n / 2, '[') + std::string(n / 2, ']') + "(javascript:x)", std::string(n, '@'), std::string(n, '#'),
        [] {
          std::string s;
          for (int i = 0; i < 2000; ++i)
            s += "@u" + std::to_string(i) + " #" + std::to_string(i + 1) + " [x](http://a) ";
          return s;
        }(),
        [] {
          std::string s = "| a | b |\n|---|---|\n";
          for (int i = 0; i < 2000; ++i)
            s += "| @x #1 | [y](javascript:z) |\n";
          return s;
        }()}) {
    const auto r = render(md, test_links());
    EXPECT_TRUE(util::valid_utf8(r.html));
  }
  EXPECT_EQ(render(std::string(100, 'x') + " @a @a @a", {}).mentions.size(), 1u);
}

}  // namespace
}  // namespace hub::markdown
