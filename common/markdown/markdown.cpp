#include "common/markdown/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <utility>

namespace hub::markdown {
namespace {

// Safe mode is cmark's default: CMARK_OPT_UNSAFE is never passed, so raw HTML is omitted and cmark
// drops javascript:, vbscript:, file: and data: URLs on its own (ours is the stricter allowlist).
// Invalid UTF-8 is replaced rather than passed through to the page.
constexpr int kOptions = CMARK_OPT_VALIDATE_UTF8;
constexpr std::size_t kMaxNameLength = 42;
constexpr std::size_t kMaxReferenceDigits = 9;  // fits an int64 and any real discussion number
constexpr std::string_view kRel = " rel=\"nofollow noopener\"";

struct ParserFree {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterFree {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
struct CharsFree {
  void operator()(char* s) const { cmark_get_default_mem_allocator()->free(s); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserFree>;
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;

// A table cell refuses custom inline nodes (the table extension lists what a cell may hold, and
// custom inlines are not among them), though cmark renders them there fine. This extension,
// attached to a cell only while a node is inserted into it, accepts any inline.
int any_inline(cmark_syntax_extension*, cmark_node*, cmark_node_type child) {
  return (child & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE ? 1 : 0;
}

struct Extensions {
  std::vector<cmark_syntax_extension*> parse;  // what every parser attaches
  cmark_syntax_extension* inline_host = nullptr;
};

// cmark-gfm registers its extensions in a global list, which is not thread-safe: once per process.
const Extensions& extensions() {
  static const Extensions kExtensions = [] {
    cmark_gfm_core_extensions_ensure_registered();
    Extensions e;
    // tagfilter is moot with raw HTML omitted; it stays as a second line should that ever change.
    for (const char* name : {"table", "strikethrough", "autolink", "tasklist", "tagfilter"}) {
      if (auto* ext = cmark_find_syntax_extension(name)) e.parse.push_back(ext);
    }
    // Lives as long as the process, like the registered extensions.
    e.inline_host = cmark_syntax_extension_new("hub_inline_host");
    cmark_syntax_extension_set_can_contain_func(e.inline_host, any_inline);
    return e;
  }();
  return kExtensions;
}

// Inserts `node` before `at`, also where `at` sits in a table cell (see any_inline). False when
// cmark refuses even so; `node` is then still the caller's.
bool insert_before(cmark_node* at, cmark_node* node) {
  if (cmark_node_insert_before(at, node)) return true;
  cmark_node* parent = cmark_node_parent(at);
  cmark_syntax_extension* own = parent ? cmark_node_get_syntax_extension(parent) : nullptr;
  if (own == nullptr) return false;
  cmark_node_set_syntax_extension(parent, extensions().inline_host);
  const bool inserted = cmark_node_insert_before(at, node) != 0;
  cmark_node_set_syntax_extension(parent, own);
  return inserted;
}

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_name_char(char c) {
  return is_ascii_alnum(c) || c == '-' || c == '_' || c == '.';
}
// Non-ASCII bytes count as letters: `é@bob` and `x中#3` are inside a word, not a mention or reference.
bool is_word_char(char c) {
  return is_ascii_alnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// RFC 3986's unreserved and reserved characters, and '%' (the URL is taken as already encoded).
bool is_url_char(char c) {
  return is_ascii_alnum(c) || std::strchr("-._~:/?#[]@!$&'()*+,;=%", c) != nullptr;
}

// Spaces, controls, non-ASCII and the characters a URL never holds unencoded, percent-encoded:
// what the address bar would send anyway, and nothing left that could end an attribute.
std::string percent_encode(std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(url.size());
  for (char c : url) {
    if (c != '\0' && is_url_char(c)) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

// Text inside a double-quoted HTML attribute (single quotes too, for whoever copies the markup).
std::string escape_attribute(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string href_attribute(std::string_view url) {
  return "href=\"" + escape_attribute(percent_encode(url)) + "\"";
}

// --- Mentions and references in a text node -----------------------------------------------------

struct Token {
  std::size_t begin = 0, end = 0;  // [begin, end) of the text
  std::optional<Mention> mention;  // else a reference
  std::int64_t number = 0;
};

// The length of the name at the start of `s` (0 if none): a run of name characters without the
// '.' and '-' it ends with (punctuation after the name), not starting with either, 1 to 42 long.
std::size_t name_length(std::string_view s) {
  std::size_t run = 0;
  while (run < s.size() && is_name_char(s[run]))
    ++run;
  std::size_t len = run;
  while (len > 0 && (s[len - 1] == '.' || s[len - 1] == '-'))
    --len;
  if (len == 0 || len > kMaxNameLength || s[0] == '.' || s[0] == '-') return 0;
  return len;
}

// Where the run of name characters starting at s[i] ends: a rejected name is skipped whole, so
// no mention is found in its middle (an over-long name is not truncated into someone else's).
std::size_t skip_run(std::string_view s, std::size_t i) {
  while (i < s.size() && is_name_char(s[i]))
    ++i;
  return i;
}

// Mentions and references of one text node, in order, in one pass over it.
std::vector<Token> scan(std::string_view s) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '@' && (i == 0 || !(is_word_char(s[i - 1]) || std::strchr(".-@", s[i - 1]) != nullptr))) {
      const std::size_t start = i + 1;
      const std::size_t user = name_length(s.substr(start));
      if (user == 0) {
        i = skip_run(s, start);
        continue;
      }
      std::size_t end = start + user;
      Token t{i, end, Mention{std::string(s.substr(start, user)), {}}, 0};
      // `@org/group`: only right after a whole org name (not after `@org.`).
      if (end < s.size() && s[end] == '/' && skip_run(s, start) == end) {
        if (const std::size_t group = name_length(s.substr(end + 1)); group > 0) {
          t.mention->group = std::string(s.substr(end + 1, group));
          end += 1 + group;
          t.end = end;
        }
      }
      // `@bob@example.com` reads as an address, not a mention.
      if (end < s.size() && s[end] == '@') {
        i = end + 1;
        continue;
      }
      tokens.push_back(std::move(t));
      i = end;
      continue;
    }
    if (c == '#' && (i == 0 || !is_word_char(s[i - 1]))) {
      std::size_t end = i + 1;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9')
        ++end;
      const std::size_t digits = end - i - 1;
      const bool word_follows = end < s.size() && is_word_char(s[end]);
      if (digits > 0 && digits <= kMaxReferenceDigits && s[i + 1] != '0' && !word_follows) {
        tokens.push_back(Token{i, end, std::nullopt, std::stoll(std::string(s.substr(i + 1, digits)))});
      }
      i = end;
      continue;
    }
    ++i;
  }
  return tokens;
}

// --- The tree ---------------------------------------------------------------------------------

struct Tree {
  ParserPtr parser;
  NodePtr root;
};

Tree parse(std::string_view markdown) {
  const auto& ext = extensions();
  Tree tree;
  tree.parser.reset(cmark_parser_new_with_mem(kOptions, cmark_get_default_mem_allocator()));
  if (!tree.parser) throw std::bad_alloc();
  for (auto* e : ext.parse)
    cmark_parser_attach_syntax_extension(tree.parser.get(), e);
  {
    // cmark-gfm's inline parser keeps its special characters in a process-wide table that each
    // parse rewrites for its extensions (Debian's build has no lock around it): two parses at once
    // could miss each other's `~` or autolinks. One parse at a time; walking and rendering the
    // tree touch nothing shared and run unlocked.
    static std::mutex parse_mutex;
    std::lock_guard lock(parse_mutex);
    cmark_parser_feed(tree.parser.get(), markdown.data(), markdown.size());
    // Autolinks are made here, in the extension's postprocessing: the tree is walked after this.
    tree.root.reset(cmark_parser_finish(tree.parser.get()));
  }
  if (!tree.root) throw std::bad_alloc();
  // Text split by emphasis delimiters that came to nothing is one node again, so a mention's
  // neighbour is a character of the same node.
  cmark_consolidate_text_nodes(tree.root.get());
  return tree;
}

struct Nodes {
  std::vector<cmark_node*> links;   // every link, wherever it is
  std::vector<cmark_node*> images;  // every image
  std::vector<cmark_node*> texts;   // text outside links and images, in document order
};

// Collected first and changed after: cmark's iterator does not survive the tree changing under it.
Nodes collect(cmark_node* root) {
  Nodes nodes;
  std::unique_ptr<cmark_iter, IterFree> iter(cmark_iter_new(root));
  int in_link = 0;  // text of a link or an image's alt text is never a mention
  for (auto ev = cmark_iter_next(iter.get()); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter.get())) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        if (ev == CMARK_EVENT_ENTER) {
          ++in_link;
          (cmark_node_get_type(node) == CMARK_NODE_LINK ? nodes.links : nodes.images).push_back(node);
        } else {
          --in_link;
        }
        break;
      case CMARK_NODE_TEXT:
        if (in_link == 0) nodes.texts.push_back(node);
        break;
      default:
        break;
    }
  }
  return nodes;
}

std::string_view literal(cmark_node* node) {
  const char* s = cmark_node_get_literal(node);
  return s ? std::string_view(s) : std::string_view();
}

NodePtr new_node(cmark_node_type type) {
  NodePtr node(cmark_node_new_with_mem(type, cmark_get_default_mem_allocator()));
  if (!node) throw std::bad_alloc();
  return node;
}

NodePtr new_text(std::string_view text) {
  auto node = new_node(CMARK_NODE_TEXT);
  cmark_node_set_literal(node.get(), std::string(text).c_str());
  return node;
}

// An <a> cmark renders as given: custom inline nodes are output verbatim, which is why every
// attribute in `open_tag` is escaped here.
NodePtr new_anchor(const std::string& open_tag) {
  auto node = new_node(CMARK_NODE_CUSTOM_INLINE);
  cmark_node_set_on_enter(node.get(), open_tag.c_str());
  cmark_node_set_on_exit(node.get(), "</a>");
  return node;
}

// A link becomes the same <a> with rel: cmark's renderer writes no attribute but href and title.
// Its URL is filtered first, so should the replacement fail the link cmark renders is still safe.
void replace_link(cmark_node* link) {
  const char* url = cmark_node_get_url(link);
  const std::string href = allowed_url(url ? url : "");
  cmark_node_set_url(link, href.c_str());
  std::string tag = "<a " + href_attribute(href);
  if (const char* title = cmark_node_get_title(link); title && *title) {
    tag += " title=\"" + escape_attribute(title) + "\"";
  }
  tag += kRel;
  tag += '>';
  auto anchor = new_anchor(tag);
  if (!insert_before(link, anchor.get())) return;
  cmark_node* moved = anchor.release();  // owned by the tree now
  while (cmark_node* child = cmark_node_first_child(link)) {
    if (!cmark_node_append_child(moved, child)) break;
  }
  cmark_node_free(link);  // unlinks it; children that would not move go with it
}

void filter_image(cmark_node* image) {
  const char* url = cmark_node_get_url(image);
  cmark_node_set_url(image, allowed_url(url ? url : "").c_str());
}

class Renderer {
 public:
  explicit Renderer(const Links& links) : links_(links) {
    base_ = links.profile_base;
    while (!base_.empty() && base_.back() == '/')
      base_.pop_back();
  }

  // Splits `text` around its mentions and resolved references, collecting both.
  void link_text(cmark_node* text) {
    const std::string_view s = literal(text);
    const auto tokens = scan(s);
    if (tokens.empty()) return;
    std::vector<NodePtr> pieces;
    std::size_t done = 0;
    for (const auto& t : tokens) {
      std::optional<std::string> tag;
      if (t.mention) {
        note(*t.mention);
        tag = "<a " + href_attribute(base_ + "/" + t.mention->user) + std::string(kRel) + " class=\"mention\">";
      } else if (auto url = resolve(t.number); url) {
        tag = "<a " + href_attribute(*url) + std::string(kRel) + " class=\"reference\">";
      }
      if (!tag) continue;  // an unresolved reference stays in the text around it
      if (t.begin > done) pieces.push_back(new_text(s.substr(done, t.begin - done)));
      auto anchor = new_anchor(*tag);
      auto label = new_text(s.substr(t.begin, t.end - t.begin));
      if (cmark_node_append_child(anchor.get(), label.get())) (void)label.release();  // the anchor owns it
      pieces.push_back(std::move(anchor));
      done = t.end;
    }
    if (pieces.empty()) return;
    if (done < s.size()) pieces.push_back(new_text(s.substr(done)));
    for (auto& piece : pieces) {
      // Not expected; the text then stays whole: pieces already inserted are still owned here,
      // and freeing a node unlinks it from the tree.
      if (!insert_before(text, piece.get())) return;
    }
    for (auto& piece : pieces)
      (void)piece.release();  // the tree owns them now
    cmark_node_free(text);
  }

  void note(const Mention& m) {
    if (seen_mentions_.insert({m.user, m.group}).second) result_.mentions.push_back(m);
  }

  Rendered& result() { return result_; }

 private:
  std::optional<std::string> resolve(std::int64_t n) {
    auto [it, fresh] = resolved_.try_emplace(n);
    if (fresh) {
      result_.references.push_back(n);
      if (links_.reference) {
        if (auto url = links_.reference(n); url && !allowed_url(*url).empty()) it->second = allowed_url(*url);
      }
    }
    return it->second;
  }

  const Links& links_;
  std::string base_;
  Rendered result_;
  std::set<std::pair<std::string, std::string>> seen_mentions_;
  std::map<std::int64_t, std::optional<std::string>> resolved_;  // the resolver is asked once per N
};

}  // namespace

std::string allowed_url(std::string_view url) {
  // Leading and trailing C0 controls and spaces, and tabs and newlines anywhere, are what the
  // WHATWG URL parser removes before reading the scheme; the URL is judged as the browser reads it
  // and written out that way.
  std::string clean;
  clean.reserve(url.size());
  for (char c : url) {
    if (c != '\t' && c != '\n' && c != '\r') clean += c;
  }
  const auto is_blank = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  std::size_t first = 0, last = clean.size();
  while (first < last && is_blank(clean[first]))
    ++first;
  while (last > first && is_blank(clean[last - 1]))
    --last;
  clean = clean.substr(first, last - first);
  // Relative when no ':' comes before the first '/', '?' or '#' ("/x", "#x", "?x", "./a:b", "x"):
  // nothing there a browser could take for a scheme. Otherwise the scheme is allowlisted, and
  // anything odd before the ':' (an entity cmark decoded, a space, a NUL, non-ASCII) fails it.
  const std::size_t delimiter = clean.find_first_of(":/?#");
  if (delimiter == std::string::npos || clean[delimiter] != ':') return clean;
  const std::string scheme = lower_ascii(std::string_view(clean).substr(0, delimiter));
  if (scheme == "http" || scheme == "https" || scheme == "mailto") return clean;
  return {};
}

Rendered render(std::string_view markdown, const Links& links) {
  Tree tree = parse(markdown);
  const Nodes nodes = collect(tree.root.get());
  Renderer renderer(links);
  for (cmark_node* image : nodes.images)
    filter_image(image);
  for (cmark_node* link : nodes.links)
    replace_link(link);
  for (cmark_node* text : nodes.texts)
    renderer.link_text(text);
  std::unique_ptr<char, CharsFree> html(
      cmark_render_html_with_mem(tree.root.get(), kOptions, cmark_parser_get_syntax_extensions(tree.parser.get()),
                                 cmark_get_default_mem_allocator()));
  if (!html) throw std::bad_alloc();
  Rendered result = std::move(renderer.result());
  result.html = html.get();
  return result;
}

std::vector<Mention> mentions(std::string_view markdown) {
  Tree tree = parse(markdown);
  const Nodes nodes = collect(tree.root.get());
  std::vector<Mention> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (cmark_node* text : nodes.texts) {
    for (auto& t : scan(literal(text))) {
      if (t.mention && seen.insert({t.mention->user, t.mention->group}).second) out.push_back(std::move(*t.mention));
    }
  }
  return out;
}

}  // namespace hub::markdown
