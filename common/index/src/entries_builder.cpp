#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "builder.hpp"
#include "mojifinder/index/render.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder::image {

BuiltEntries build_entries(const UnicodeNames& names) {
  const auto& chars = names.characters;
  for (std::size_t i = 1; i < chars.size(); ++i) {
    if (chars[i - 1].code_point >= chars[i].code_point) {
      throw IndexFormatError("characters must be in strictly ascending code point order");
    }
  }
  // Single entries: the named characters, and the controls, which have no
  // name but their aliases, named by the first control alias.
  struct Single {
    char32_t code_point;
    std::string_view name;
    bool named;  // its words are a character name's
  };
  std::vector<Single> singles;
  for (const auto& c : chars) singles.push_back({c.code_point, c.name, true});
  std::set<char32_t> controls;
  for (const auto& alias : names.aliases) {
    if (!alias.control || std::ranges::binary_search(chars, alias.code_point, {}, &NamedCharacter::code_point)) continue;
    if (controls.insert(alias.code_point).second) singles.push_back({alias.code_point, alias.alias, false});
  }
  std::stable_sort(singles.begin(), singles.end(),
                   [](const Single& a, const Single& b) { return a.code_point < b.code_point; });

  BuiltEntries built;
  // Named, not bound: lambdas below use them (clang 14 cannot capture a
  // structured binding).
  auto& lines = built.lines;
  auto& line_offsets = built.line_offsets;
  auto& name_starts = built.name_starts;
  auto& code_points = built.code_points;
  auto& single_count = built.single_count;
  auto& sequence_offsets = built.sequence_offsets;
  auto& sequence_code_points = built.sequence_code_points;
  const auto add_line = [&](std::u32string_view cps, std::string_view name) {
    append_result_line(lines, cps, name, LineEnd::crlf);
    if (lines.size() - line_offsets.back() > max_result_line_bytes) {
      std::string label;
      append_code_point_label(label, cps.front());
      throw IndexFormatError("the result line of " + label + " would be longer than " +
                             std::to_string(max_result_line_bytes) + " bytes");
    }
    const auto name_start = lines.size() - line_offsets.back() - name.size() - line_end_bytes(LineEnd::crlf).size();
    if (name_start > UINT8_MAX) {
      std::string label;
      append_code_point_label(label, cps.front());
      throw IndexFormatError("the name of " + label + " would start past byte 255 of its line");
    }
    name_starts.push_back(static_cast<std::uint8_t>(name_start));
    line_offsets.push_back(checked_u32(lines.size(), "the result lines"));
    code_points.push_back(cps.front());
  };
  const auto counted = [&](std::size_t words) {
    built.name_word_counts.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(words, UINT8_MAX)));
  };
  Postings name_words;
  Postings other_words;
  for (const auto& single : singles) {
    const auto id = static_cast<EntryId>(code_points.size());
    add_line(std::u32string_view(&single.code_point, 1), single.name);
    counted(add_words(single.named ? name_words : other_words, single.name, id));
  }
  single_count = code_points.size();
  for (const auto& alias : names.aliases) {
    const auto it = std::lower_bound(code_points.begin(), code_points.end(), static_cast<std::uint32_t>(alias.code_point));
    if (it == code_points.end() || *it != alias.code_point) continue;
    const auto id = static_cast<EntryId>(it - code_points.begin());
    add_words(other_words, alias.alias, id);
    // The whole alias, its words each after a space: a query that is the
    // alias finds it beside what names find (MatchStage::start_names).
    thread_local WordList words;
    words.split(alias.alias);
    std::string whole;
    for (const auto word : words.words()) (whole += ' ') += word;
    other_words[whole].push_back(id);
  }
  std::map<std::u32string_view, EntryId> sequence_ids;
  for (const auto& sequence : names.sequences) {
    const auto id = static_cast<EntryId>(code_points.size());
    sequence_ids.emplace(sequence.code_points, id);
    // Shown as emoji-test.txt writes it (`flag: St. Barthélemy`), found by
    // its folded words (FLAG ST BARTHELEMY).
    add_line(sequence.code_points, sequence.name);
    counted(add_folded_words(other_words, sequence.name, id));
    built.folded_sequence_names += folded_text(sequence.name);
    built.folded_sequence_offsets.push_back(checked_u32(built.folded_sequence_names.size(), "the sequences' folded names"));
    sequence_code_points.insert(sequence_code_points.end(), sequence.code_points.begin(), sequence.code_points.end());
    sequence_offsets.push_back(checked_u32(sequence_code_points.size(), "the sequences' code points"));
  }

  // A shortcode, between its colons (`:tada:`), finds its emoji: no word
  // of a name or a query holds a colon. An emoji this UCD lacks (an older
  // one's) is left out.
  const auto emoji_id = [&](std::u32string_view emoji) -> std::optional<EntryId> {
    if (emoji.size() == 1) {
      const auto single_end = code_points.begin() + static_cast<std::ptrdiff_t>(single_count);
      const auto it = std::lower_bound(code_points.begin(), single_end, static_cast<std::uint32_t>(emoji[0]));
      if (it != single_end && *it == emoji[0]) return static_cast<EntryId>(it - code_points.begin());
    } else if (const auto it = sequence_ids.find(emoji); it != sequence_ids.end()) {
      return it->second;
    }
    return std::nullopt;
  };
  for (const auto& emoji : names.shortcodes) {
    const auto id = emoji_id(emoji.code_points);
    if (!id) continue;
    for (const auto& code : emoji.codes) other_words[":" + code + ":"].push_back(*id);
  }
  // An emoticon (`:)`), after a tab: a query that is one finds its emoji
  // (NameIndex::entries_with_emoticon()).
  for (const auto& emoji : names.emoticons) {
    const auto id = emoji_id(emoji.code_points);
    if (!id) continue;
    for (const auto& emoticon : emoji.emoticons) {
      if (emoticon.size() > max_emoticon_bytes) throw IndexFormatError("the emoticon " + emoticon + " is too long");
      other_words[emoticon_key_mark + emoticon].push_back(*id);
    }
  }

  // An other name's word lists only the entries whose name lacks it: a
  // query then merges lists only for the few words where an alias adds
  // something (about a hundred), not for LATIN or LETTER.
  for (auto it = other_words.begin(); it != other_words.end();) {
    auto& list = it->second;
    std::sort(list.begin(), list.end());
    if (const auto named = name_words.find(it->first); named != name_words.end()) {
      std::vector<EntryId> only_other;
      std::set_difference(list.begin(), list.end(), named->second.begin(), named->second.end(),
                          std::back_inserter(only_other));
      list = std::move(only_other);
    }
    it = list.empty() ? other_words.erase(it) : std::next(it);
  }
  built.name_words.emplace(name_words);
  built.other_words.emplace(other_words);
  return built;
}

}  // namespace mojifinder::image
