// Emoji shortcodes, a line an emoji (`1F389; tada party_popper`), and
// emoticons (`1F642<TAB>:)`).
#include <algorithm>

#include "mojifinder/data/unicode_names.hpp"
#include "ucd_lines.hpp"

namespace mojifinder {

using namespace ucd_lines;

namespace {

// The files of emojibase's lists share a shape: a line an emoji, its code
// points a space apart, `separator`, then its items a space apart, each
// checked by `check` (which fails the line). `comment` says what of a
// line is a comment.
template <typename Emoji, typename Comment, typename Check>
std::vector<Emoji> parse_emoji_lists(std::string_view text, std::string_view source, char separator,
                                     std::string_view expected, std::string_view none, Comment comment, Check check) {
  std::vector<Emoji> out;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    line = comment(line);
    if (line.empty()) continue;
    const LineParser parser(source, line_number);
    const auto at = line.find(separator);
    if (at == std::string_view::npos) parser.fail("expected '" + std::string(expected) + "'");
    Emoji emoji;
    for (auto cps = trim(line.substr(0, at)); !cps.empty();) {
      const auto space = cps.find(' ');
      emoji.code_points += parser.code_point(cps.substr(0, space));
      cps = space == std::string_view::npos ? std::string_view{} : trim(cps.substr(space + 1));
    }
    if (emoji.code_points.empty()) parser.fail("no code points");
    auto& items = check(emoji);
    for (auto rest = line.substr(at + 1); !rest.empty();) {
      const auto space = rest.find(' ');
      const auto item = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
      if (item.empty()) continue;
      check(parser, item);
      items.emplace_back(item);
    }
    if (items.empty()) parser.fail(none);
    out.push_back(std::move(emoji));
  }
  return out;
}

}  // namespace

std::vector<EmojiShortcodes> parse_shortcodes(std::string_view text, std::string_view source) {
  struct Check {
    std::vector<std::string>& operator()(EmojiShortcodes& emoji) const { return emoji.codes; }
    void operator()(const LineParser& parser, std::string_view code) const {
      const auto allowed = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-'; };
      if (!std::all_of(code.begin(), code.end(), allowed)) {
        parser.fail("shortcode '" + std::string(code) + "' holds more than a to z, 0 to 9, _, + and -");
      }
    }
  };
  const auto comment = [](std::string_view line) {
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    return trim(line);
  };
  return parse_emoji_lists<EmojiShortcodes>(text, source, ';', "code points; shortcodes", "no shortcodes", comment, Check{});
}

void load_shortcodes(const std::filesystem::path& file, UnicodeNames& names) {
  const auto text = read_if_present(file);
  if (!text) throw UcdError(file.string() + ": cannot be read");
  names.shortcodes = parse_shortcodes(*text, file.string());
}

std::vector<EmojiEmoticons> parse_emoticons(std::string_view text, std::string_view source) {
  struct Check {
    std::vector<std::string>& operator()(EmojiEmoticons& emoji) const { return emoji.emoticons; }
    void operator()(const LineParser& parser, std::string_view emoticon) const {
      const auto printable = [](char c) { return c > ' ' && c < 0x7F; };
      if (!std::all_of(emoticon.begin(), emoticon.end(), printable)) {
        parser.fail("emoticon '" + std::string(emoticon) + "' holds more than printable ASCII");
      }
    }
  };
  // `#` may be an emoticon's (`:#`): a comment is a whole line.
  const auto comment = [](std::string_view line) {
    if (line.starts_with('#') || trim(line).empty()) return std::string_view{};
    return line.ends_with('\r') ? line.substr(0, line.size() - 1) : line;
  };
  return parse_emoji_lists<EmojiEmoticons>(text, source, '\t', "code points<TAB>emoticons", "no emoticons", comment,
                                           Check{});
}

void load_emoticons(const std::filesystem::path& file, UnicodeNames& names) {
  const auto text = read_if_present(file);
  if (!text) throw UcdError(file.string() + ": cannot be read");
  names.emoticons = parse_emoticons(*text, file.string());
}

}  // namespace mojifinder
