#include "mojifinder/data/unicode_names.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/escape.hpp"
#include "mojifinder/text/utf8.hpp"
#include "ucd_lines.hpp"

namespace mojifinder {

using namespace ucd_lines;

namespace {

// Characters below this have no name but a control's; the original left
// them out and so do we.
constexpr char32_t first_indexed_code_point = 0x20;

// A character name or alias holds only what UAX #44 allows (section 4.8):
// A to Z, 0 to 9, space and hyphen-minus. Anything else in the file is a
// mistake that would reach every client.
bool is_name_character(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '-';
}

// The bytes a name may hold: its result line must stay under
// max_result_line_bytes (render.hpp) with the longest labels before it.
constexpr std::size_t max_name_bytes = 256;

// What a message shows of a name from the file: printable, whatever it
// holds.
std::string shown(std::string_view text) {
  std::string out;
  append_terminal_text(out, text);
  return out;
}

// Fails unless `text`, the name or alias that `subject` introduces, holds
// only name characters.
void check_name_characters(const LineParser& parser, std::string_view text, const std::string& subject,
                           std::string_view rule) {
  const auto bad = std::find_if_not(text.begin(), text.end(), is_name_character);
  if (bad == text.end()) return;
  parser.fail(subject + " holds '" + shown(std::string_view(&*bad, 1)) + "': " + std::string(rule) +
              " holds only A to Z, 0 to 9, space and hyphen");
}

std::string hex_label(char32_t cp) {
  char digits[8];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, static_cast<std::uint32_t>(cp), 16);
  std::string label(digits, end);
  std::transform(label.begin(), label.end(), label.begin(),
                 [](char c) { return (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c; });
  if (label.size() < 4) label.insert(0, 4 - label.size(), '0');
  return label;
}

// "# DerivedName-15.0.0.txt" on the first line gives the version.
std::string version_from_header(std::string_view first_line) {
  constexpr std::string_view prefix = "# DerivedName-";
  constexpr std::string_view suffix = ".txt";
  first_line = trim(first_line);
  if (first_line.starts_with(prefix) && first_line.ends_with(suffix)) {
    return std::string(first_line.substr(prefix.size(), first_line.size() - prefix.size() - suffix.size()));
  }
  return "unknown";
}

// Calls `f(line, number)` for each line of `text`, numbered from 1,
// without its LF.
template <typename F>
void for_each_line(std::string_view text, F f) {
  for (std::size_t number = 1; !text.empty(); ++number) {
    const auto end = std::min(text.find('\n'), text.size());
    f(text.substr(0, end), number);
    text.remove_prefix(std::min(end + 1, text.size()));
  }
}

}  // namespace

UnicodeNames parse_derived_names(std::string_view text, std::string_view source) {
  UnicodeNames names;
  for_each_line(text, [&](std::string_view line, std::size_t line_number) {
    if (line_number == 1) names.unicode_version = version_from_header(line);

    const auto content = trim(line.substr(0, line.find('#')));
    if (content.empty()) return;
    const LineParser parser(source, line_number);
    const auto semicolon = content.find(';');
    if (semicolon == std::string_view::npos) parser.fail("expected 'CODE ; NAME'");
    const auto range = trim(content.substr(0, semicolon));
    const auto name = trim(content.substr(semicolon + 1));
    if (name.empty()) parser.fail("empty name");

    const auto dots = range.find("..");
    const char32_t first = parser.code_point(range.substr(0, dots));
    const char32_t last = dots == std::string_view::npos ? first : parser.code_point(range.substr(dots + 2));
    if (last < first) parser.fail("range ends before it starts");

    const auto star = name.find('*');
    if (first != last && star == std::string_view::npos) parser.fail("a range needs a '*' pattern");
    if (star != std::string_view::npos && (first == last || star != name.size() - 1)) {
      parser.fail("'" + shown(name) + "': a '*' pattern ends the name of a range, and only there");
    }
    const auto pattern = star == std::string_view::npos ? name : name.substr(0, star);
    check_name_characters(parser, pattern, "the name of U+" + hex_label(first) + ", '" + shown(name) + "',", "a name");
    if (name.size() > max_name_bytes) {
      parser.fail("the name of U+" + hex_label(first) + " is longer than " + std::to_string(max_name_bytes) + " bytes");
    }
    for (char32_t cp = first;; ++cp) {
      if (cp >= first_indexed_code_point) {
        std::string expanded(name);
        if (star != std::string_view::npos) expanded.replace(star, 1, hex_label(cp));
        names.characters.push_back({cp, std::move(expanded)});
      }
      if (cp == last) break;
    }
  });
  std::sort(names.characters.begin(), names.characters.end(),
            [](const auto& a, const auto& b) { return a.code_point < b.code_point; });
  const auto duplicate = std::adjacent_find(names.characters.begin(), names.characters.end(),
      [](const auto& a, const auto& b) { return a.code_point == b.code_point; });
  if (duplicate != names.characters.end()) {
    throw UcdError(std::string(source) + ": U+" + hex_label(duplicate->code_point) + " is named twice");
  }
  return names;
}

std::vector<NameAlias> parse_name_aliases(std::string_view text, std::string_view source) {
  std::vector<NameAlias> aliases;
  for_each_line(text, [&](std::string_view line, std::size_t line_number) {
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) return;
    const LineParser parser(source, line_number);
    const auto first = line.find(';');
    const auto second = first == std::string_view::npos ? first : line.find(';', first + 1);
    if (second == std::string_view::npos) parser.fail("expected CODE;ALIAS;TYPE");
    const auto alias = trim(line.substr(first + 1, second - first - 1));
    if (alias.empty()) parser.fail("empty alias");
    check_name_characters(parser, alias, "the alias '" + shown(alias) + "'", "an alias");
    if (alias.size() > max_name_bytes) parser.fail("an alias longer than " + std::to_string(max_name_bytes) + " bytes");
    aliases.push_back({parser.code_point(trim(line.substr(0, first))), std::string(alias),
                       trim(line.substr(second + 1)) == "control"});
  });
  return aliases;
}

std::string emoji_test_version(std::string_view text) {
  // In the header, before the first line of data.
  for (auto rest = text; !rest.empty() && rest.front() == '#';) {
    const auto end = std::min(rest.find('\n'), rest.size());
    const auto line = trim(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
    constexpr std::string_view marker = "# Version:";
    if (!line.starts_with(marker)) continue;
    const auto version = trim(line.substr(marker.size()));
    const bool plain = !version.empty() && version.size() < 16 &&
                       std::all_of(version.begin(), version.end(), [](char c) { return ascii::is_digit(c) || c == '.'; });
    return plain ? std::string(version) : std::string();
  }
  return {};
}

std::vector<EmojiSequence> parse_emoji_sequences(std::string_view text, std::string_view source) {
  std::vector<EmojiSequence> sequences;
  for_each_line(text, [&](std::string_view line, std::size_t line_number) {
    // `1F1EF 1F1F5  ; fully-qualified  # 🇯🇵 E0.6 flag: Japan`
    const auto semicolon = line.find(';');
    const auto hash = line.find('#');
    if (line.empty() || line[0] == '#' || semicolon == std::string_view::npos || hash == std::string_view::npos) return;
    if (trim(line.substr(semicolon + 1, hash - semicolon - 1)) != "fully-qualified") return;
    const LineParser parser(source, line_number);
    EmojiSequence sequence;
    for (auto codes = trim(line.substr(0, semicolon)); !codes.empty();) {
      const auto space = std::min(codes.find(' '), codes.size());
      sequence.code_points.push_back(parser.code_point(codes.substr(0, space)));
      codes = trim(codes.substr(space));
    }
    if (sequence.code_points.size() < 2) return;  // a single character: named already
    // After the emoji and its version (`E0.6`), the name.
    auto comment = trim(line.substr(hash + 1));
    const auto version = comment.find(" E");
    if (version == std::string_view::npos) parser.fail("no emoji version before the name");
    comment = comment.substr(version + 2);
    const auto name_start = comment.find(' ');
    if (name_start == std::string_view::npos) parser.fail("no name");
    sequence.name = std::string(trim(comment.substr(name_start)));
    // Sequence names are prose (`flag: St. Barthélemy`), but nothing in
    // them may act on a terminal, and they must fit a result line.
    if (!utf8::is_valid(sequence.name)) parser.fail("a sequence name that is not UTF-8");
    for (auto rest = std::string_view(sequence.name); !rest.empty();) {
      const auto decoded = utf8::decode(rest);
      if (is_disruptive(decoded->code_point)) {
        parser.fail("the sequence name '" + shown(sequence.name) + "' holds a control character");
      }
      rest.remove_prefix(decoded->length);
    }
    if (sequence.name.size() > max_name_bytes) {
      parser.fail("a sequence name longer than " + std::to_string(max_name_bytes) + " bytes");
    }
    sequences.push_back(std::move(sequence));
  });
  return sequences;
}

namespace {

// `0041..005A` or `0041`.
std::pair<char32_t, char32_t> code_point_range(const LineParser& parser, std::string_view field) {
  const auto dots = field.find("..");
  const auto first = parser.code_point(trim(field.substr(0, dots)));
  const auto last = dots == std::string_view::npos ? first : parser.code_point(trim(field.substr(dots + 2)));
  if (last < first) parser.fail("a range that runs backwards");
  return {first, last};
}

// The `;`-separated fields of a data line, trimmed, before its comment.
std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  line = line.substr(0, line.find('#'));
  while (true) {
    const auto semicolon = line.find(';');
    fields.push_back(trim(line.substr(0, semicolon)));
    if (semicolon == std::string_view::npos) break;
    line.remove_prefix(semicolon + 1);
  }
  return fields;
}

bool is_data_line(std::string_view line) {
  line = trim(line);
  return !line.empty() && line.front() != '#';
}

}  // namespace

std::vector<Block> parse_blocks(std::string_view text, std::string_view source) {
  std::vector<Block> blocks;
  for_each_line(text, [&](std::string_view line, std::size_t line_number) {
    if (!is_data_line(line)) return;
    const LineParser parser(source, line_number);
    const auto fields = fields_of(line);
    if (fields.size() != 2 || fields[1].empty()) parser.fail("expected `first..last; Name`");
    const auto [first, last] = code_point_range(parser, fields[0]);
    if (!blocks.empty() && first <= blocks.back().last) parser.fail("blocks out of order or overlapping");
    blocks.push_back({first, last, std::string(fields[1]), {}});
  });
  return blocks;
}

std::vector<CategoryValue> parse_property_value_aliases(std::string_view text, std::string_view source,
                                                        std::vector<Block>& blocks) {
  // UAX #44's loose matching (LM3): case, spaces, `-` and `_` do not count.
  const auto loose = [](std::string_view name) {
    std::string out;
    for (const char c : name) {
      if (c == ' ' || c == '-' || c == '_') continue;
      out += ascii::to_lower(c);
    }
    return out;
  };
  std::vector<CategoryValue> categories;
  for_each_line(text, [&](std::string_view line, std::size_t line_number) {
    if (!is_data_line(line)) return;
    const LineParser parser(source, line_number);
    const auto fields = fields_of(line);
    if (fields.size() < 3) parser.fail("expected `property; short; long`");
    if (fields[0] == "blk") {
      const auto block = std::find_if(blocks.begin(), blocks.end(),
                                      [&](const Block& b) { return loose(b.name) == loose(fields[2]); });
      if (block == blocks.end()) return;  // No_Block, the value of code points in none
      for (std::size_t i = 1; i < fields.size(); ++i) block->aliases.emplace_back(fields[i]);
    } else if (fields[0] == "gc") {
      CategoryValue value;
      for (std::size_t i = 1; i < fields.size(); ++i) value.names.emplace_back(fields[i]);
      // A group lists its members in the comment: `# Ll | Lm | Lo | Lt | Lu`.
      if (const auto hash = line.find('#'); hash != std::string_view::npos) {
        auto members = line.substr(hash + 1);
        while (!members.empty()) {
          const auto bar = std::min(members.find('|'), members.size());
          if (const auto member = trim(members.substr(0, bar)); !member.empty()) value.members.emplace_back(member);
          members.remove_prefix(std::min(bar + 1, members.size()));
        }
      }
      categories.push_back(std::move(value));
    }
  });
  return categories;
}

std::vector<CategoryRange> parse_general_categories(std::string_view text, std::string_view source) {
  std::vector<CategoryRange> ranges;
  for_each_line(text, [&](std::string_view line, std::size_t line_number) {
    if (!is_data_line(line)) return;
    const LineParser parser(source, line_number);
    const auto fields = fields_of(line);
    if (fields.size() != 2 || fields[1].empty()) parser.fail("expected `first..last ; Gc`");
    const auto [first, last] = code_point_range(parser, fields[0]);
    ranges.push_back({first, last, std::string(fields[1])});
  });
  std::sort(ranges.begin(), ranges.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return ranges;
}

UnicodeNames load_unicode_names(const std::filesystem::path& ucd_dir) {
  const auto path = ucd_dir / "extracted" / "DerivedName.txt";
  const auto names = read_if_present(path);
  if (!names) throw UcdError(path.string() + ": cannot be read");
  auto result = parse_derived_names(*names, path.string());
  const auto aliases_path = ucd_dir / "NameAliases.txt";
  if (const auto aliases = read_if_present(aliases_path)) {
    result.aliases = parse_name_aliases(*aliases, aliases_path.string());
  }
  const auto emoji_path = ucd_dir / "emoji" / "emoji-test.txt";
  if (const auto emoji = read_if_present(emoji_path)) {
    result.sequences = parse_emoji_sequences(*emoji, emoji_path.string());
    result.emoji_version = emoji_test_version(*emoji);
  }
  const auto blocks_path = ucd_dir / "Blocks.txt";
  if (const auto blocks = read_if_present(blocks_path)) result.blocks = parse_blocks(*blocks, blocks_path.string());
  const auto aliases_of_values = ucd_dir / "PropertyValueAliases.txt";
  if (const auto values = read_if_present(aliases_of_values)) {
    result.categories = parse_property_value_aliases(*values, aliases_of_values.string(), result.blocks);
  }
  const auto categories_path = ucd_dir / "extracted" / "DerivedGeneralCategory.txt";
  if (const auto categories = read_if_present(categories_path)) {
    result.category_ranges = parse_general_categories(*categories, categories_path.string());
  }
  return result;
}

}  // namespace mojifinder
