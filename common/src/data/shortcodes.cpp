// Emoji shortcodes, a line an emoji: `1F389; tada party_popper`.
#include <algorithm>

#include "mojifinder/unicode_names.hpp"
#include "ucd_lines.hpp"

namespace mojifinder {

using namespace ucd_lines;

std::vector<EmojiShortcodes> parse_shortcodes(std::string_view text, std::string_view source) {
  std::vector<EmojiShortcodes> out;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    const LineParser parser(source, line_number);
    const auto semicolon = line.find(';');
    if (semicolon == std::string_view::npos) parser.fail("expected 'code points; shortcodes'");
    EmojiShortcodes emoji;
    for (auto cps = trim(line.substr(0, semicolon)); !cps.empty();) {
      const auto space = cps.find(' ');
      emoji.code_points += parser.code_point(cps.substr(0, space));
      cps = space == std::string_view::npos ? std::string_view{} : trim(cps.substr(space + 1));
    }
    if (emoji.code_points.empty()) parser.fail("no code points");
    for (auto codes = trim(line.substr(semicolon + 1)); !codes.empty();) {
      const auto space = codes.find(' ');
      const auto code = codes.substr(0, space);
      const auto allowed = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-'; };
      if (!std::all_of(code.begin(), code.end(), allowed)) {
        parser.fail("shortcode '" + std::string(code) + "' holds more than a to z, 0 to 9, _, + and -");
      }
      emoji.codes.emplace_back(code);
      codes = space == std::string_view::npos ? std::string_view{} : trim(codes.substr(space + 1));
    }
    if (emoji.codes.empty()) parser.fail("no shortcodes");
    out.push_back(std::move(emoji));
  }
  return out;
}

void load_shortcodes(const std::filesystem::path& file, UnicodeNames& names) {
  const auto text = read_if_present(file);
  if (!text) throw UcdError(file.string() + ": cannot be read");
  names.shortcodes = parse_shortcodes(*text, file.string());
}

}  // namespace mojifinder
