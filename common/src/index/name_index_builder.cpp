#include <algorithm>
#include <cstring>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "image_format.hpp"
#include "mojifinder/cldr_annotations.hpp"
#include "mojifinder/fold.hpp"
#include "mojifinder/name_index.hpp"
#include "mojifinder/render.hpp"
#include "mojifinder/unicode_names.hpp"
#include "mojifinder/utf8.hpp"
#include "mojifinder/words.hpp"

namespace mojifinder {

using namespace image;

namespace {

using Postings = std::map<std::string, std::vector<EntryId>, std::less<>>;

void add_words(Postings& postings, std::string_view text, EntryId id) {
  thread_local WordList words;
  words.split(text);
  for (const auto word : words.words()) {
    auto& list = postings.try_emplace(std::string(word)).first->second;
    // A name may repeat a word (BOX DRAWINGS LIGHT UP AND LIGHT LEFT).
    if (list.empty() || list.back() != id) list.push_back(id);
  }
}

// A word table's sections, ready to be copied into the image.
struct BuiltTable {
  TableHeader header{};
  std::string words;
  std::vector<std::uint32_t> word_offsets{0};
  std::vector<std::uint32_t> posting_offsets{0};
  std::vector<std::uint32_t> slots;
  std::vector<EntryId> postings;

  explicit BuiltTable(const Postings& by_word) {
    for (const auto& [word, list] : by_word) {
      words += word;
      word_offsets.push_back(checked_u32(words.size(), "the word table"));
      // Entries may have been added out of order (aliases): keep each list sorted.
      auto sorted = list;
      std::sort(sorted.begin(), sorted.end());
      sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
      postings.insert(postings.end(), sorted.begin(), sorted.end());
      posting_offsets.push_back(checked_u32(postings.size(), "the postings"));
    }
    header.word_count = checked_u32(by_word.size(), "the word count");
    header.posting_count = checked_u32(postings.size(), "the posting count");
    header.words_bytes = checked_u32(words.size(), "the word table");
    header.word_slot_count = checked_u32(std::bit_ceil(2 * by_word.size() + 1), "the word slots");
    // Slot holds word index + 1; 0 marks it empty. Linear probing.
    slots.assign(header.word_slot_count, 0);
    const std::uint32_t mask = header.word_slot_count - 1;
    for (std::uint32_t w = 0; w < header.word_count; ++w) {
      const std::string_view word(words.data() + word_offsets[w], word_offsets[w + 1] - word_offsets[w]);
      std::uint32_t slot = word_hash(word) & mask;
      while (slots[slot] != 0) slot = (slot + 1) & mask;
      slots[slot] = w + 1;
    }
  }

  void write(std::uint32_t* base, const TableLayout& layout, std::size_t words_at) const {
    std::copy(word_offsets.begin(), word_offsets.end(), base + layout.word_offsets);
    std::copy(posting_offsets.begin(), posting_offsets.end(), base + layout.posting_offsets);
    std::copy(slots.begin(), slots.end(), base + layout.word_slots);
    std::copy(postings.begin(), postings.end(), base + layout.postings);
    std::memcpy(base + words_at, words.data(), words.size());
  }
};

// Adds the folded words of `text` (fold.hpp): a sequence's name, a
// keyword, a short name. A word of a script written without spaces is
// added with every one of its suffixes, so that a query finds any part of
// it as the prefix of a suffix (`猫の` in `にっこり笑う猫の顔`).
void add_folded_words(Postings& postings, std::string_view text, EntryId id) {
  thread_local FoldedWords words;
  words.split(text);
  const auto add = [&](std::string_view word) {
    auto& list = postings.try_emplace(std::string(word)).first->second;
    if (list.empty() || list.back() != id) list.push_back(id);
  };
  for (auto word : words.words()) {
    add(word);
    if (!is_written_without_spaces(word)) continue;
    while (const auto decoded = utf8::decode(word)) {
      word.remove_prefix(decoded->length);
      if (word.empty()) break;
      // No query begins with a vowel sign or another combining mark.
      if (const auto next = utf8::decode(word); next && is_combining_mark(next->code_point)) continue;
      add(word);
    }
  }
}

// The entries each annotation of CLDR speaks of, by its code points
// without U+FE0F, as CLDR writes them: a single code point is its single
// entry; more are the emoji sequences that, without U+FE0F, are them.
class AnnotatedEntries {
 public:
  AnnotatedEntries(std::span<const std::uint32_t> code_points, std::size_t single_count,
                   const std::vector<std::u32string>& sequences)
      : singles_(code_points.first(single_count)) {
    for (std::size_t i = 0; i < sequences.size(); ++i) {
      std::u32string key;
      for (const auto cp : sequences[i]) {
        if (cp != 0xFE0F) key.push_back(cp);
      }
      sequences_[key].push_back(static_cast<EntryId>(single_count + i));
    }
  }
  std::span<const EntryId> of(const std::u32string& annotated) {
    found_.clear();
    if (annotated.size() == 1) {
      const auto it = std::lower_bound(singles_.begin(), singles_.end(), static_cast<std::uint32_t>(annotated[0]));
      if (it != singles_.end() && *it == annotated[0]) found_.push_back(static_cast<EntryId>(it - singles_.begin()));
    }
    if (found_.empty()) {
      if (const auto it = sequences_.find(annotated); it != sequences_.end()) found_ = it->second;
    }
    return found_;
  }

 private:
  std::span<const std::uint32_t> singles_;
  std::map<std::u32string, std::vector<EntryId>> sequences_;
  std::vector<EntryId> found_;
};

// A language's sections, ready to be copied into the image.
struct BuiltLocale {
  LocaleRecord record{};
  std::optional<BuiltTable> words;
  std::vector<EntryId> short_name_entries;
  std::vector<std::uint32_t> short_name_spans;
};

}  // namespace

NameIndex NameIndex::build(const UnicodeNames& names) { return build(names, CldrAnnotations{}); }

NameIndex NameIndex::build(const UnicodeNames& names, const CldrAnnotations& annotations) {
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

  std::string lines;
  std::vector<std::uint32_t> line_offsets{0};
  // Where each line's name begins, so that a name is read without taking
  // its line apart: the name runs from there to the line's CR LF.
  std::vector<std::uint8_t> name_starts;
  std::vector<std::uint32_t> code_points;
  // Every code point of each sequence, so that writers need not parse the
  // lines back for them.
  std::vector<std::uint32_t> sequence_offsets{0};
  std::vector<std::uint32_t> sequence_code_points;
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
  Postings name_words;
  Postings other_words;
  for (const auto& single : singles) {
    const auto id = static_cast<EntryId>(code_points.size());
    add_line(std::u32string_view(&single.code_point, 1), single.name);
    add_words(single.named ? name_words : other_words, single.name, id);
  }
  const auto single_count = code_points.size();
  for (const auto& alias : names.aliases) {
    const auto it = std::lower_bound(code_points.begin(), code_points.end(), static_cast<std::uint32_t>(alias.code_point));
    if (it == code_points.end() || *it != alias.code_point) continue;
    const auto id = static_cast<EntryId>(it - code_points.begin());
    add_words(other_words, alias.alias, id);
    // The whole alias, its words each after a space: a query that is the
    // alias finds it beside what names find (Results::start_words).
    thread_local WordList words;
    words.split(alias.alias);
    std::string whole;
    for (const auto word : words.words()) (whole += ' ') += word;
    other_words[whole].push_back(id);
  }
  for (const auto& sequence : names.sequences) {
    const auto id = static_cast<EntryId>(code_points.size());
    // Shown as emoji-test.txt writes it (`flag: St. Barthélemy`), found by
    // its folded words (FLAG ST BARTHELEMY).
    add_line(sequence.code_points, sequence.name);
    add_folded_words(other_words, sequence.name, id);
    sequence_code_points.insert(sequence_code_points.end(), sequence.code_points.begin(), sequence.code_points.end());
    sequence_offsets.push_back(checked_u32(sequence_code_points.size(), "the sequences' code points"));
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
  const BuiltTable names_table(name_words);
  const BuiltTable others_table(other_words);

  // Each language: a word table over its keywords and short names, and
  // its short names, each text kept once in one pool for all languages
  // (a child locale repeats most of its parent's).
  std::vector<std::u32string> sequences;
  for (const auto& sequence : names.sequences) sequences.push_back(sequence.code_points);
  AnnotatedEntries annotated(code_points, single_count, sequences);
  std::vector<BuiltLocale> locales;
  std::string short_names;
  std::unordered_map<std::string, std::uint32_t> short_name_at;
  for (const auto& locale : annotations.locales) {
    if (locale.code.empty() || locale.code.size() >= locale_code_bytes) {
      throw IndexFormatError("a locale code of 1 to " + std::to_string(locale_code_bytes - 1) + " bytes: " + locale.code);
    }
    Postings words;
    std::vector<std::pair<EntryId, std::string_view>> named;
    for (const auto& annotation : locale.annotations) {
      for (const auto id : annotated.of(annotation.code_points)) {
        for (const auto& keyword : annotation.keywords) add_folded_words(words, keyword, id);
        if (annotation.short_name.empty()) continue;
        add_folded_words(words, annotation.short_name, id);
        named.emplace_back(id, annotation.short_name);
      }
    }
    BuiltLocale built;
    std::memcpy(built.record.code, locale.code.data(), locale.code.size());
    built.words.emplace(words);
    built.record.words = built.words->header;
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
                named.end());
    for (const auto& [id, text] : named) {
      auto [at, added] = short_name_at.try_emplace(std::string(text), 0);
      if (added) {
        at->second = checked_u32(short_names.size(), "the short names");
        short_names += text;
      }
      built.short_name_entries.push_back(id);
      built.short_name_spans.push_back(at->second);
      built.short_name_spans.push_back(checked_u32(text.size(), "a short name"));
    }
    built.record.short_name_count = checked_u32(named.size(), "the short names");
    locales.push_back(std::move(built));
  }

  // Blocks and General_Category: each single entry's category as a bit
  // number of the values that are no group, and each value's and block's
  // names, `|` between them, for queries to match loosely.
  std::vector<std::uint32_t> block_records, category_records;
  std::string property_names;
  const auto add_names = [&](std::vector<std::uint32_t>& records, const std::string& names_text) {
    records.push_back(checked_u32(property_names.size(), "the property names"));
    records.push_back(checked_u32(names_text.size(), "the property names"));
    property_names += names_text;
  };
  const auto joined = [](const std::string& first, const std::vector<std::string>& more) {
    std::string text = first;
    for (const auto& name : more) (text += '|') += name;
    return text;
  };
  for (const auto& block : names.blocks) {
    block_records.push_back(block.first);
    block_records.push_back(block.last);
    add_names(block_records, joined(block.name, block.aliases));
  }
  std::map<std::string, std::uint32_t, std::less<>> category_bit;
  for (const auto& value : names.categories) {
    if (value.members.empty() && !value.names.empty()) {
      const auto bit = static_cast<std::uint32_t>(category_bit.size());
      if (bit >= 32) throw IndexFormatError("more than 32 General_Category values");
      category_bit[value.names.front()] = bit;
    }
  }
  for (const auto& value : names.categories) {
    if (value.names.empty()) continue;
    std::uint32_t mask = 0;
    if (value.members.empty()) {
      mask = 1u << category_bit[value.names.front()];
    } else {
      for (const auto& member : value.members) {
        const auto it = category_bit.find(member);
        if (it == category_bit.end()) throw IndexFormatError("a General_Category group of an unknown value: " + member);
        mask |= 1u << it->second;
      }
    }
    category_records.push_back(mask);
    add_names(category_records, joined(value.names.front(), {value.names.begin() + 1, value.names.end()}));
  }
  std::vector<std::uint8_t> entry_categories(single_count, no_category);
  for (std::size_t id = 0; id < entry_categories.size(); ++id) {
    const auto cp = code_points[id];
    const auto range = std::upper_bound(names.category_ranges.begin(), names.category_ranges.end(), cp,
                                        [](std::uint32_t c, const CategoryRange& r) { return c < r.first; });
    if (range == names.category_ranges.begin() || std::prev(range)->last < cp) continue;
    if (const auto bit = category_bit.find(std::prev(range)->category); bit != category_bit.end()) {
      entry_categories[id] = static_cast<std::uint8_t>(bit->second);
    }
  }

  Header header{};
  std::memcpy(header.magic, image_magic, sizeof image_magic);
  header.format_version = image_format_version;
  header.entry_count = checked_u32(code_points.size(), "the entry count");
  header.single_count = checked_u32(single_count, "the entry count");
  header.lines_bytes = checked_u32(lines.size(), "the result lines");
  header.sequence_code_point_count = checked_u32(sequence_code_points.size(), "the sequences' code points");
  header.names = names_table.header;
  header.other_names = others_table.header;
  if (names.unicode_version.size() >= unicode_version_bytes) {
    throw IndexFormatError("Unicode version string too long: " + names.unicode_version);
  }
  std::memcpy(header.unicode_version, names.unicode_version.data(), names.unicode_version.size());
  if (annotations.cldr_version.size() >= unicode_version_bytes) {
    throw IndexFormatError("CLDR version string too long: " + annotations.cldr_version);
  }
  std::memcpy(header.cldr_version, annotations.cldr_version.data(), annotations.cldr_version.size());
  header.locale_count = checked_u32(locales.size(), "the locale count");
  header.short_names_bytes = checked_u32(short_names.size(), "the short names");
  header.block_count = checked_u32(names.blocks.size(), "the blocks");
  header.category_count = checked_u32(category_records.size() / 3, "the categories");
  header.property_names_bytes = checked_u32(property_names.size(), "the property names");

  const Layout layout(header);
  std::vector<LocaleLayout> locale_layouts;
  auto end = layout.end;
  for (const auto& locale : locales) end = locale_layouts.emplace_back(locale.record, end).end;
  const auto short_names_at = end;
  end += words_for_bytes(short_names.size());
  const PropertyLayout properties(header, single_count, end);
  end = properties.end;
  auto storage = std::make_shared<std::vector<std::uint32_t>>(end, 0);
  auto* base = storage->data();
  std::memcpy(base, &header, sizeof header);
  std::copy(code_points.begin(), code_points.end(), base + layout.code_points);
  std::copy(line_offsets.begin(), line_offsets.end(), base + layout.line_offsets);
  std::memcpy(base + layout.name_starts, name_starts.data(), name_starts.size());
  std::copy(sequence_offsets.begin(), sequence_offsets.end(), base + layout.sequence_offsets);
  std::copy(sequence_code_points.begin(), sequence_code_points.end(), base + layout.sequence_code_points);
  names_table.write(base, layout.names, layout.names_words);
  others_table.write(base, layout.other_names, layout.other_words);
  std::memcpy(base + layout.lines, lines.data(), lines.size());
  for (std::size_t i = 0; i < locales.size(); ++i) {
    const auto& locale = locales[i];
    const auto& at = locale_layouts[i];
    std::memcpy(base + layout.locale_directory + i * (sizeof(LocaleRecord) / sizeof(std::uint32_t)), &locale.record,
                sizeof locale.record);
    locale.words->write(base, at.words, at.words_text);
    std::copy(locale.short_name_entries.begin(), locale.short_name_entries.end(), base + at.short_name_entries);
    std::copy(locale.short_name_spans.begin(), locale.short_name_spans.end(), base + at.short_name_spans);
  }
  std::memcpy(base + short_names_at, short_names.data(), short_names.size());
  std::memcpy(base + properties.entry_categories, entry_categories.data(), entry_categories.size());
  std::copy(block_records.begin(), block_records.end(), base + properties.blocks);
  std::copy(category_records.begin(), category_records.end(), base + properties.categories);
  std::memcpy(base + properties.names, property_names.data(), property_names.size());

  NameIndex index;
  index.attach(std::as_bytes(std::span<const std::uint32_t>(*storage)));
  index.storage_ = std::move(storage);
  return index;
}

}  // namespace mojifinder
