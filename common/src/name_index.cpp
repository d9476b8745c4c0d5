#include "mojifinder/name_index.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstring>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include <unordered_map>

#include "mojifinder/fold.hpp"
#include "mojifinder/render.hpp"
#include "mojifinder/utf8.hpp"

namespace mojifinder {

namespace {

// The image format. Everything is a 32-bit word in host byte order (the
// image is made by the same build that reads it); text sections are padded
// to a whole word.
constexpr char image_magic[8] = {'M', 'O', 'J', 'I', 'N', 'D', 'X', '1'};
constexpr std::uint32_t image_format_version = 7;
constexpr std::size_t unicode_version_bytes = 16;
constexpr std::size_t locale_code_bytes = 16;

struct TableHeader {
  std::uint32_t word_count;
  std::uint32_t posting_count;
  std::uint32_t words_bytes;
  std::uint32_t word_slot_count;  // a power of two, more than twice word_count
};

struct Header {
  char magic[8];
  std::uint32_t format_version;
  std::uint32_t entry_count;
  std::uint32_t single_count;
  std::uint32_t lines_bytes;
  std::uint32_t sequence_code_point_count;  // every code point of every sequence
  TableHeader names;
  TableHeader other_names;
  std::uint32_t locale_count;
  std::uint32_t short_names_bytes;  // every locale's short names, each once
  std::uint32_t block_count;
  std::uint32_t category_count;     // values of General_Category, groups among them
  std::uint32_t property_names_bytes;
  char unicode_version[unicode_version_bytes];
  char cldr_version[unicode_version_bytes];
};
static_assert(sizeof(Header) % sizeof(std::uint32_t) == 0);

// A language's place in the directory that follows the names' sections.
struct LocaleRecord {
  char code[locale_code_bytes];
  TableHeader words;
  std::uint32_t short_name_count;
};
static_assert(sizeof(LocaleRecord) % sizeof(std::uint32_t) == 0);

constexpr std::size_t words_for_bytes(std::size_t bytes) {
  return (bytes + sizeof(std::uint32_t) - 1) / sizeof(std::uint32_t);
}

// Where a word table's sections start, in words from the start of the image.
struct TableLayout {
  std::size_t word_offsets, posting_offsets, word_slots, postings, end;
  TableLayout(const TableHeader& h, std::size_t start) {
    word_offsets = start;
    posting_offsets = word_offsets + h.word_count + 1;
    word_slots = posting_offsets + h.word_count + 1;
    postings = word_slots + h.word_slot_count;
    end = postings + h.posting_count;
  }
};

// Where each section starts.
struct Layout {
  std::size_t code_points, line_offsets, name_starts, sequence_offsets, sequence_code_points;
  TableLayout names, other_names;
  std::size_t lines, names_words, other_words, end;

  explicit Layout(const Header& h)
      : code_points(sizeof(Header) / sizeof(std::uint32_t)),
        line_offsets(code_points + h.entry_count),
        name_starts(line_offsets + h.entry_count + 1),
        sequence_offsets(name_starts + words_for_bytes(h.entry_count)),
        sequence_code_points(sequence_offsets + (h.entry_count - std::min(h.single_count, h.entry_count)) + 1),
        names(h.names, sequence_code_points + h.sequence_code_point_count),
        other_names(h.other_names, names.end) {
    lines = other_names.end;
    names_words = lines + words_for_bytes(h.lines_bytes);
    other_words = names_words + words_for_bytes(h.names.words_bytes);
    locale_directory = other_words + words_for_bytes(h.other_names.words_bytes);
    end = locale_directory + h.locale_count * (sizeof(LocaleRecord) / sizeof(std::uint32_t));
  }
  std::size_t locale_directory;
};

// Where the sections of blocks and categories start, from `start`: each
// single entry's category (a byte each), the blocks' records, the
// categories' records, their names.
struct PropertyLayout {
  std::size_t entry_categories, blocks, categories, names, end;
  PropertyLayout(const Header& h, std::size_t single_count, std::size_t start) {
    entry_categories = start;
    blocks = entry_categories + words_for_bytes(single_count);
    categories = blocks + 4 * std::size_t{h.block_count};
    names = categories + 3 * std::size_t{h.category_count};
    end = names + words_for_bytes(h.property_names_bytes);
  }
};

// Where a language's sections start, from `start`: its word table, its
// words' text, the entries with a short name and where each short name is.
struct LocaleLayout {
  TableLayout words;
  std::size_t words_text, short_name_entries, short_name_spans, end;
  LocaleLayout(const LocaleRecord& r, std::size_t start) : words(r.words, start) {
    words_text = words.end;
    short_name_entries = words_text + words_for_bytes(r.words.words_bytes);
    short_name_spans = short_name_entries + r.short_name_count;
    end = short_name_spans + 2 * std::size_t{r.short_name_count};
  }
};

// FNV-1a: words are short, and this spreads them well enough for a table
// kept at most half full.
std::uint32_t word_hash(std::string_view word) noexcept {
  std::uint32_t hash = 2166136261u;
  for (const char c : word) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash;
}

std::uint32_t checked_u32(std::size_t value, const char* what) {
  if (value > UINT32_MAX) throw IndexFormatError(std::string(what) + " does not fit the image format");
  return static_cast<std::uint32_t>(value);
}

// Advances `from` to the first element of `list` not less than `value`,
// galloping: cheap when the next candidate is near, logarithmic when far.
std::size_t gallop(std::span<const EntryId> list, std::size_t from, EntryId value) {
  std::size_t step = 1;
  std::size_t high = from;
  while (high < list.size() && list[high] < value) {
    from = high + 1;
    high += step;
    step *= 2;
  }
  high = std::min(high, list.size());
  return static_cast<std::size_t>(std::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(from),
                                                   list.begin() + static_cast<std::ptrdiff_t>(high), value) -
                                  list.begin());
}

}  // namespace

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

NameIndex NameIndex::view(std::span<const std::byte> image) {
  NameIndex index;
  index.attach(image);
  return index;
}

void NameIndex::attach(std::span<const std::byte> image) {
  Header header;
  if (image.size() < sizeof header) throw IndexFormatError("index image too short for its header");
  if (reinterpret_cast<std::uintptr_t>(image.data()) % alignof(std::uint32_t) != 0) {
    throw IndexFormatError("index image is not aligned");
  }
  std::memcpy(&header, image.data(), sizeof header);
  if (std::memcmp(header.magic, image_magic, sizeof image_magic) != 0) {
    throw IndexFormatError("not a mojifinder index image");
  }
  if (header.format_version != image_format_version) {
    throw IndexFormatError("index image format " + std::to_string(header.format_version) +
                           ", expected " + std::to_string(image_format_version));
  }
  const Layout layout(header);
  const auto image_words = image.size() / sizeof(std::uint32_t);
  if (image.size() % sizeof(std::uint32_t) != 0 || image_words < layout.end) {
    throw IndexFormatError("index image size does not match its header");
  }
  // The languages' sections follow one another after their directory.
  std::vector<LocaleRecord> records(header.locale_count);
  std::vector<LocaleLayout> locale_layouts;
  auto end = layout.end;
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::memcpy(&records[i], image.data() + (layout.locale_directory * sizeof(std::uint32_t)) + i * sizeof(LocaleRecord),
                sizeof(LocaleRecord));
    end = locale_layouts.emplace_back(records[i], end).end;
    if (end > image_words) throw IndexFormatError("index image size does not match its locales");
  }
  const auto short_names_at = end;
  const PropertyLayout properties(header, header.single_count, end + words_for_bytes(header.short_names_bytes));
  if (image_words != properties.end) throw IndexFormatError("index image size does not match its header");

  const auto* base = reinterpret_cast<const std::uint32_t*>(image.data());
  const auto section = [base](std::size_t from, std::size_t to) {
    return std::span<const std::uint32_t>(base + from, base + to);
  };
  const auto text = [base](std::size_t from, std::size_t bytes) {
    return std::string_view(reinterpret_cast<const char*>(base + from), bytes);
  };
  image_ = image;
  single_count_ = header.single_count;
  code_points_ = section(layout.code_points, layout.line_offsets);
  line_offsets_ = section(layout.line_offsets, layout.name_starts);
  name_starts_ = std::span(reinterpret_cast<const std::uint8_t*>(base + layout.name_starts), header.entry_count);
  sequence_offsets_ = section(layout.sequence_offsets, layout.sequence_code_points);
  sequence_code_points_ = section(layout.sequence_code_points, layout.names.word_offsets);
  if (sequence_offsets_.front() != 0 || sequence_offsets_.back() != sequence_code_points_.size()) {
    throw IndexFormatError("index image sequence offsets do not match their section");
  }
  lines_ = text(layout.lines, header.lines_bytes);
  // A table's sections, from the header alone: nothing of them is read.
  const auto table_at = [&](const TableHeader& h, const TableLayout& at, std::size_t words_at) {
    WordTable t;
    t.word_offsets_ = section(at.word_offsets, at.posting_offsets);
    t.posting_offsets_ = section(at.posting_offsets, at.word_slots);
    t.word_slots_ = section(at.word_slots, at.postings);
    t.postings_ = section(at.postings, at.end);
    t.words_ = text(words_at, h.words_bytes);
    if (!std::has_single_bit(t.word_slots_.size()) || t.word_slots_.size() <= 2 * h.word_count) {
      throw IndexFormatError("index image word table has a bad slot count");
    }
    return t;
  };
  const auto table = [&](const TableHeader& h, const TableLayout& at, std::size_t words_at) {
    auto t = table_at(h, at, words_at);
    if (!t.bounded()) throw IndexFormatError("index image offset tables do not match their sections");
    return t;
  };
  if (header.single_count > header.entry_count) throw IndexFormatError("index image has more singles than entries");
  names_ = table(header.names, layout.names, layout.names_words);
  other_names_ = table(header.other_names, layout.other_names, layout.other_words);
  // Whole-alias keys begin with a space, so they sort first.
  for (std::size_t w = 0; w < other_names_.count() && other_names_.word(w).starts_with(' '); ++w) {
    whole_alias_hashes_.set(word_hash(other_names_.word(w)) % whole_alias_hashes_.size());
  }
  const auto version = [&](std::size_t offset) {
    const auto* chars = reinterpret_cast<const char*>(image.data()) + offset;
    return std::string_view(chars, strnlen(chars, unicode_version_bytes));
  };
  unicode_version_ = version(offsetof(Header, unicode_version));
  cldr_version_ = version(offsetof(Header, cldr_version));

  const auto short_names = text(short_names_at, header.short_names_bytes);
  entry_categories_ = std::span(reinterpret_cast<const std::uint8_t*>(base + properties.entry_categories),
                                header.single_count);
  block_records_ = section(properties.blocks, properties.categories);
  category_records_ = section(properties.categories, properties.names);
  property_names_ = text(properties.names, header.property_names_bytes);
  locales_.clear();
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& at = locale_layouts[i];
    Locale locale;
    const auto* code = reinterpret_cast<const char*>(image.data()) +
                       (layout.locale_directory * sizeof(std::uint32_t)) + i * sizeof(LocaleRecord);
    locale.code_ = std::string_view(code, strnlen(code, locale_code_bytes));
    if (locale.code_.empty() || locale.code_.size() == locale_code_bytes) throw IndexFormatError("index image: a bad locale code");
    // Checked when first asked for (find_locale): checking each language
    // here would bring a page or more of each into memory at start-up.
    locale.words_ = table_at(records[i].words, at.words, at.words_text);
    locale.short_name_entries_ = section(at.short_name_entries, at.short_name_spans);
    locale.short_name_spans_ = section(at.short_name_spans, at.end);
    locale.short_names_ = short_names;
    if (!locales_.empty() && locales_.back().code_ >= locale.code_) throw IndexFormatError("index image: locales out of order");
    locales_.push_back(locale);
  }
  locale_checks_ = std::make_shared<LocaleChecks>(locales_.size());

  if (line_offsets_.front() != 0 || line_offsets_.back() != lines_.size()) {
    throw IndexFormatError("index image offset tables do not match their sections");
  }
}

std::string_view NameIndex::unicode_version() const noexcept { return unicode_version_; }

std::span<const std::uint32_t> NameIndex::code_points_of(EntryId id) const noexcept {
  if (id < single_count_) return code_points_.subspan(id, 1);
  const auto sequence = id - single_count_;
  return sequence_code_points_.subspan(sequence_offsets_[sequence],
                                       sequence_offsets_[sequence + 1] - sequence_offsets_[sequence]);
}

std::string_view NameIndex::line(EntryId id) const noexcept { return lines(id, id + 1); }

std::string_view NameIndex::lines(EntryId first, EntryId last) const noexcept {
  return lines_.substr(line_offsets_[first], line_offsets_[last] - line_offsets_[first]);
}

std::string_view NameIndex::name(EntryId id) const noexcept {
  const auto start = line_offsets_[id] + name_starts_[id];
  return lines_.substr(start, line_offsets_[id + 1] - line_end_bytes(LineEnd::crlf).size() - start);
}

std::optional<EntryId> NameIndex::find(char32_t cp) const noexcept {
  const auto singles = code_points_.first(single_count_);
  const auto it = std::lower_bound(singles.begin(), singles.end(), static_cast<std::uint32_t>(cp));
  if (it == singles.end() || *it != cp) return std::nullopt;
  return static_cast<EntryId>(it - singles.begin());
}

bool NameIndex::WordTable::bounded() const noexcept {
  // The ends of the offset tables bound every access: a truncated table
  // cannot send a lookup out of the image.
  return word_offsets_.front() == 0 && word_offsets_.back() == words_.size() && posting_offsets_.front() == 0 &&
         posting_offsets_.back() == postings_.size();
}

std::string_view NameIndex::WordTable::word(std::size_t index) const noexcept {
  return words_.substr(word_offsets_[index], word_offsets_[index + 1] - word_offsets_[index]);
}

std::span<const EntryId> NameIndex::WordTable::entries_of(std::size_t index) const noexcept {
  return postings_.subspan(posting_offsets_[index], posting_offsets_[index + 1] - posting_offsets_[index]);
}

std::span<const EntryId> NameIndex::WordTable::find(std::string_view wanted) const noexcept {
  if (word_slots_.empty()) return {};
  const auto mask = static_cast<std::uint32_t>(word_slots_.size() - 1);
  // The table is at most half full, so an empty slot always ends the probe.
  for (std::uint32_t slot = word_hash(wanted) & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t entry = word_slots_[slot];
    if (entry == 0) return {};
    if (word(entry - 1) == wanted) return entries_of(entry - 1);
  }
}

std::pair<std::size_t, std::size_t> NameIndex::WordTable::starting_with(std::string_view prefix) const noexcept {
  const auto first_not_before = [&](std::size_t from, auto&& before) {
    std::size_t low = from, high = count();
    while (low < high) {
      const auto mid = low + (high - low) / 2;
      if (before(word(mid))) low = mid + 1; else high = mid;
    }
    return low;
  };
  const auto first = first_not_before(0, [&](std::string_view w) { return w < prefix; });
  const auto last = first_not_before(first, [&](std::string_view w) { return w.starts_with(prefix); });
  return {first, last};
}

std::string_view NameIndex::Locale::short_name(EntryId id) const noexcept {
  const auto it = std::lower_bound(short_name_entries_.begin(), short_name_entries_.end(), id);
  if (it == short_name_entries_.end() || *it != id) return {};
  const auto n = static_cast<std::size_t>(it - short_name_entries_.begin());
  // Checked here rather than when the image is attached, which would touch
  // every language's pages at start-up.
  const auto offset = short_name_spans_[2 * n];
  if (offset > short_names_.size()) return {};
  return short_names_.substr(offset, short_name_spans_[2 * n + 1]);
}

namespace {

// UAX #44's loose matching of property values (UAX44-LM3): case, spaces,
// `-` and `_` do not count.
bool loosely_equal(std::string_view a, std::string_view b) noexcept {
  const auto ignored = [](char c) { return c == ' ' || c == '-' || c == '_'; };
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  std::size_t i = 0, j = 0;
  while (true) {
    while (i < a.size() && ignored(a[i])) ++i;
    while (j < b.size() && ignored(b[j])) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (lower(a[i++]) != lower(b[j++])) return false;
  }
}

// Whether one of `names` (`|` between them) is loosely `wanted`.
bool names_include(std::string_view names, std::string_view wanted) noexcept {
  while (true) {
    const auto bar = std::min(names.find('|'), names.size());
    if (loosely_equal(names.substr(0, bar), wanted)) return true;
    if (bar == names.size()) return false;
    names.remove_prefix(bar + 1);
  }
}

}  // namespace

std::optional<std::pair<EntryId, EntryId>> NameIndex::block_entries(std::string_view name) const noexcept {
  for (std::size_t i = 0; i + 4 <= block_records_.size(); i += 4) {
    const auto offset = block_records_[i + 2], length = block_records_[i + 3];
    if (offset > property_names_.size() || !names_include(property_names_.substr(offset, length), name)) continue;
    const auto singles = code_points_.first(single_count_);
    const auto first = std::lower_bound(singles.begin(), singles.end(), block_records_[i]);
    const auto last = std::upper_bound(first, singles.end(), block_records_[i + 1]);
    return std::pair{static_cast<EntryId>(first - singles.begin()), static_cast<EntryId>(last - singles.begin())};
  }
  return std::nullopt;
}

std::optional<std::uint32_t> NameIndex::category_mask(std::string_view name) const noexcept {
  for (std::size_t i = 0; i + 3 <= category_records_.size(); i += 3) {
    const auto offset = category_records_[i + 1], length = category_records_[i + 2];
    if (offset <= property_names_.size() && names_include(property_names_.substr(offset, length), name)) {
      return category_records_[i];
    }
  }
  return std::nullopt;
}

const NameIndex::Locale* NameIndex::find_locale(std::string_view code) const noexcept {
  // BCP 47's tags as CLDR names its files: the language in lower case, a
  // script in title case, a region in upper case, `_` between them.
  std::string wanted;
  for (auto [rest, subtag] = std::pair{code, 0};; ++subtag) {
    const auto end = std::min(rest.find_first_of("-_"), rest.size());
    auto part = std::string(rest.substr(0, end));
    if (part.empty() || part.size() > 8 || !std::all_of(part.begin(), part.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) != 0;
        })) {
      return nullptr;
    }
    for (std::size_t i = 0; i < part.size(); ++i) {
      const auto c = static_cast<unsigned char>(part[i]);
      const bool upper = subtag > 0 && (part.size() != 4 || i == 0);  // region, or a script's first letter
      part[i] = static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
    }
    if (subtag > 0) wanted += '_';
    wanted += part;
    if (end == rest.size()) break;
    rest.remove_prefix(end + 1);
  }
  while (!wanted.empty()) {
    const auto it = std::lower_bound(locales_.begin(), locales_.end(), wanted,
                                     [](const Locale& l, const std::string& c) { return l.code_ < c; });
    if (it != locales_.end() && it->code_ == wanted) {
      const auto n = static_cast<std::size_t>(it - locales_.begin());
      auto& check = locale_checks_->checks[n];
      std::call_once(check.once, [&] { check.bounded = it->words_.bounded(); });
      return check.bounded ? &*it : nullptr;
    }
    const auto underscore = wanted.rfind('_');
    if (underscore == std::string::npos) break;
    wanted.resize(underscore);
  }
  return nullptr;
}

std::span<const EntryId> NameIndex::entries_with_whole_alias(std::string_view key) const noexcept {
  if (!whole_alias_hashes_.test(word_hash(key) % whole_alias_hashes_.size())) return {};
  return other_names_.find(key);
}

std::span<const EntryId> NameIndex::search(const WordList& query, std::vector<EntryId>& scratch) const {
  MatchCursor cursor;
  cursor.start(*this, query);
  if (const auto whole = cursor.whole_list(); !whole.empty()) return whole;
  scratch.clear();
  std::array<EntryId, 1024> batch;
  while (const auto n = cursor.next(batch)) scratch.insert(scratch.end(), batch.begin(), batch.begin() + n);
  return scratch;
}

void MatchCursor::reset(const EntryBitmap* filter) {
  lists_.clear();
  unions_.clear();
  filter_ = filter;
  filter_at_ = 0;
  produced_ = 0;
  done_ = false;
}

void MatchCursor::start(const NameIndex& index, std::span<const std::string_view> words) {
  reset(nullptr);
  for (const auto word : words) {
    if (!add(index.entries_with(word))) return;
  }
  order();
}

void MatchCursor::start(std::span<const std::span<const EntryId>> lists, const EntryBitmap* filter) {
  reset(filter);
  for (const auto list : lists) {
    if (!add(list)) return;
  }
  order();
}

void MatchCursor::start(std::span<const Union> unions, const EntryBitmap* filter) {
  reset(filter);
  for (const auto& joined : unions) {
    if (!add(joined)) return;
  }
  // A query whose unions are single lists takes the single lists' way.
  if (std::all_of(unions_.begin(), unions_.end(), [](const Joined& j) { return j.count == 1; })) {
    for (const auto& joined : unions_) lists_.push_back(joined.parts[0]);
    unions_.clear();
  }
  order();
}

bool MatchCursor::add(std::span<const EntryId> entries) {
  if (entries.empty()) {  // a word no name has: nothing matches
    lists_.clear();
    unions_.clear();
    filter_ = nullptr;
    done_ = true;
    return false;
  }
  // The same word twice adds nothing.
  const bool seen = std::any_of(lists_.begin(), lists_.end(),
                                [&](const List& l) { return l.entries.data() == entries.data(); });
  if (!seen) lists_.push_back({entries, 0});
  return true;
}

bool MatchCursor::add(const Union& joined) {
  Joined parts{};
  parts.count = 0;
  for (const auto part : joined.parts) {
    if (!part.empty()) parts.parts[parts.count++] = {part, 0};
  }
  if (parts.count == 0) return add(std::span<const EntryId>{});
  const auto same = [&](const Joined& other) {
    if (other.count != parts.count) return false;
    for (std::size_t i = 0; i < parts.count; ++i) {
      if (other.parts[i].entries.data() != parts.parts[i].entries.data()) return false;
    }
    return true;
  };
  if (std::none_of(unions_.begin(), unions_.end(), same)) unions_.push_back(parts);
  return true;
}

std::size_t MatchCursor::Joined::size() const noexcept {
  std::size_t total = 0;
  for (std::size_t i = 0; i < count; ++i) total += parts[i].entries.size();
  return total;
}

void MatchCursor::order() {
  // Walk the shortest list and only probe the others: the answer can be no
  // longer than it.
  // A query has a few lists: an insertion sort costs less than std::sort's
  // set-up for them.
  for (std::size_t i = 1; i < lists_.size(); ++i) {
    for (std::size_t j = i; j > 0 && lists_[j].entries.size() < lists_[j - 1].entries.size(); --j) {
      std::swap(lists_[j], lists_[j - 1]);
    }
  }
  for (std::size_t i = 1; i < unions_.size(); ++i) {
    for (std::size_t j = i; j > 0 && unions_[j].size() < unions_[j - 1].size(); --j) {
      std::swap(unions_[j], unions_[j - 1]);
    }
  }
  if (lists_.empty() && unions_.empty() && filter_ == nullptr && !constraint_.any()) done_ = true;
  filter_at_ = constraint_.first;
}

std::span<const EntryId> MatchCursor::whole_list() const noexcept {
  return lists_.size() == 1 && unions_.empty() && filter_ == nullptr && !constraint_.any() && produced_ == 0
             ? lists_.front().entries
             : std::span<const EntryId>{};
}

namespace {

// Steps a probe into another list costs: a gallop and a binary search over
// lists of up to 100,000 entries, with their cache misses.
constexpr std::size_t probe_steps = 8;

}  // namespace

std::size_t MatchCursor::next(std::span<EntryId> out) {
  std::size_t unlimited = SIZE_MAX;
  return next(out, unlimited);
}

std::size_t MatchCursor::walk_range(std::span<EntryId> out, std::size_t& work) {
  // No words: every entry the constraint allows, from its range.
  std::size_t written = 0;
  const auto last = std::min<std::size_t>(constraint_.last, constraint_.index ? constraint_.index->size() : 0);
  while (written < out.size() && work > 0) {
    if (filter_at_ >= last) {
      done_ = true;
      break;
    }
    --work;
    const auto id = static_cast<EntryId>(filter_at_++);
    if (constraint_.allows(id)) out[written++] = id;
  }
  produced_ += written;
  return written;
}

std::size_t MatchCursor::walk_filter(std::span<EntryId> out, std::size_t& work) {
  std::size_t written = 0;
  const auto blocks = filter_->blocks();
  while (written < out.size() && work > 0) {
    const auto block = filter_at_ / 64;
    if (block >= blocks) {
      done_ = true;
      break;
    }
    --work;
    // The bits of this block from filter_at_ on.
    auto bits = filter_->block(block) >> (filter_at_ % 64);
    if (bits == 0) {
      filter_at_ = (block + 1) * 64;
      continue;
    }
    filter_at_ += static_cast<std::size_t>(std::countr_zero(bits));
    const auto id = static_cast<EntryId>(filter_at_++);
    if (constraint_.allows(id)) out[written++] = id;
  }
  produced_ += written;
  return written;
}

std::size_t MatchCursor::next_of_unions(std::span<EntryId> out, std::size_t& work) {
  auto& walked = unions_.front();
  std::size_t probed_parts = 0;
  for (std::size_t i = 1; i < unions_.size(); ++i) probed_parts += unions_[i].count;
  const std::size_t candidate_steps = walked.count + probe_steps * probed_parts;
  std::size_t written = 0;
  while (written < out.size() && work > 0) {
    // The walked union's next entry: the least of its parts' next ones.
    bool any = false;
    EntryId candidate = 0;
    for (std::size_t p = 0; p < walked.count; ++p) {
      const auto& part = walked.parts[p];
      if (part.at < part.entries.size() && (!any || part.entries[part.at] < candidate)) {
        candidate = part.entries[part.at];
        any = true;
      }
    }
    if (!any) {
      done_ = true;
      break;
    }
    for (std::size_t p = 0; p < walked.count; ++p) {
      auto& part = walked.parts[p];
      if (part.at < part.entries.size() && part.entries[part.at] == candidate) ++part.at;
    }
    work -= std::min(work, candidate_steps);
    bool in_all = true;
    for (std::size_t i = 1; i < unions_.size() && in_all; ++i) {
      bool found = false, spent = true;
      for (std::size_t p = 0; p < unions_[i].count; ++p) {
        auto& part = unions_[i].parts[p];
        part.at = gallop(part.entries, part.at, candidate);
        if (part.at == part.entries.size()) continue;
        spent = false;
        found = found || part.entries[part.at] == candidate;
      }
      if (spent) {  // nothing further can match
        for (std::size_t p = 0; p < walked.count; ++p) walked.parts[p].at = walked.parts[p].entries.size();
      }
      in_all = found;
    }
    if (in_all && filter_ != nullptr && !filter_->contains(candidate)) in_all = false;
    if (in_all && !constraint_.allows(candidate)) in_all = false;
    if (in_all) out[written++] = candidate;
  }
  produced_ += written;
  return written;
}

std::size_t MatchCursor::next(std::span<EntryId> out, std::size_t& work) {
  if (done_) return 0;
  if (!unions_.empty()) return next_of_unions(out, work);
  if (lists_.empty()) return filter_ != nullptr ? walk_filter(out, work) : walk_range(out, work);
  auto& walked = lists_.front();
  std::size_t written = 0;
  // A candidate costs a step, and each probe into another list, which
  // gallops and searches, more.
  const std::size_t candidate_steps = 1 + probe_steps * (lists_.size() - 1);
  while (written < out.size() && work > 0) {
    if (walked.at == walked.entries.size()) {
      done_ = true;
      break;
    }
    const EntryId candidate = walked.entries[walked.at++];
    bool in_all = true;
    work -= std::min(work, candidate_steps);
    for (std::size_t i = 1; i < lists_.size(); ++i) {
      auto& probed = lists_[i];
      probed.at = gallop(probed.entries, probed.at, candidate);
      if (probed.at == probed.entries.size()) {
        walked.at = walked.entries.size();  // this list is spent: nothing further can match
        in_all = false;
        break;
      }
      if (probed.entries[probed.at] != candidate) {
        in_all = false;
        break;
      }
    }
    if (in_all && filter_ != nullptr && !filter_->contains(candidate)) in_all = false;
    if (in_all && !constraint_.allows(candidate)) in_all = false;
    if (in_all) out[written++] = candidate;
  }
  if (walked.at == walked.entries.size()) done_ = true;
  produced_ += written;
  return written;
}

void NameIndex::WordTable::verify(std::size_t entry_count) const {
  const auto fail = [](const std::string& why) { throw IndexFormatError("index image: " + why); };
  if (word_slots_.empty() && count() == 0) return;
  for (std::size_t i = 1; i < word_offsets_.size(); ++i) {
    if (word_offsets_[i - 1] >= word_offsets_[i]) fail("empty word or word offsets out of order");
    if (posting_offsets_[i - 1] >= posting_offsets_[i]) fail("word without entries");
    if (i >= 2 && word(i - 2) >= word(i - 1)) fail("words not sorted at " + std::string(word(i - 1)));
  }
  std::size_t filled_slots = 0;
  for (const auto slot : word_slots_) {
    if (slot > count()) fail("word slot out of range");
    filled_slots += slot != 0;
  }
  if (filled_slots != count()) fail("word slots do not hold every word once");
  for (std::size_t w = 0; w < count(); ++w) {
    if (find(word(w)).data() != postings_.data() + posting_offsets_[w]) {
      fail("word not found through the word slots: " + std::string(word(w)));
    }
    const auto list = entries_of(w);
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i] >= entry_count) fail("posting out of range for " + std::string(word(w)));
      if (i > 0 && list[i - 1] >= list[i]) fail("postings out of order for " + std::string(word(w)));
    }
  }
}

void NameIndex::verify() const {
  const auto fail = [](const std::string& why) { throw IndexFormatError("index image: " + why); };
  for (std::size_t i = 1; i < single_count_; ++i) {
    if (code_points_[i - 1] >= code_points_[i]) fail("code points out of order at entry " + std::to_string(i));
  }
  for (const auto cp : code_points_) {
    if (cp > utf8::max_code_point) fail("code point out of range");
  }
  for (std::size_t i = 1; i < line_offsets_.size(); ++i) {
    if (line_offsets_[i - 1] > line_offsets_[i]) fail("line offsets out of order");
    const auto cp = code_points_[i - 1];
    const std::size_t shortest_line = code_point_label_length(cp) + utf8::encoded_length(visible_character(cp)) + 4;
    if (line_offsets_[i] - line_offsets_[i - 1] < shortest_line) fail("line too short for its code point");
    if (line_offsets_[i] - line_offsets_[i - 1] > max_result_line_bytes) fail("line too long");
    if (name_starts_[i - 1] < shortest_line - 2 ||
        name_starts_[i - 1] > line_offsets_[i] - line_offsets_[i - 1] - line_end_bytes(LineEnd::crlf).size() ||
        lines_[line_offsets_[i - 1] + name_starts_[i - 1] - 1] != '\t') {
      fail("the name of entry " + std::to_string(i - 1) + " does not start after its line's second TAB");
    }
  }
  for (std::size_t i = 1; i < sequence_offsets_.size(); ++i) {
    if (sequence_offsets_[i] < sequence_offsets_[i - 1] + 2) fail("a sequence of fewer than two code points");
  }
  for (std::size_t id = single_count_; id < size(); ++id) {
    const auto cps = code_points_of(static_cast<EntryId>(id));
    if (cps.front() != code_points_[id]) fail("a sequence's first code point differs from its entry's");
  }
  for (const auto cp : sequence_code_points_) {
    if (cp > utf8::max_code_point) fail("sequence code point out of range");
  }
  names_.verify(size());
  other_names_.verify(size());
  for (const auto& locale : locales_) {
    locale.words_.verify(size());
    for (std::size_t n = 0; n < locale.short_name_entries_.size(); ++n) {
      const auto offset = locale.short_name_spans_[2 * n], length = locale.short_name_spans_[2 * n + 1];
      if (offset > locale.short_names_.size() || length > locale.short_names_.size() - offset) {
        fail("a short name of " + std::string(locale.code_) + " out of its section");
      }
    }
    const auto& entries = locale.short_name_entries_;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (entries[i] >= size() || (i > 0 && entries[i - 1] >= entries[i])) {
        fail("short names of " + std::string(locale.code_) + " out of order or range");
      }
    }
  }
}

}  // namespace mojifinder
