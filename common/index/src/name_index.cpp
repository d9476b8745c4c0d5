#include "mojifinder/index/name_index.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "image_format.hpp"
#include "mojifinder/index/entry_list.hpp"
#include "mojifinder/index/render.hpp"
#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/utf8.hpp"

namespace mojifinder {

using namespace image;

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
  // Emoticon keys begin with a tab and whole-alias keys with a space, so
  // they sort first, in that order.
  for (std::size_t w = 0; w < other_names_.count(); ++w) {
    const auto key = other_names_.word(w);
    if (key.starts_with(emoticon_key_mark)) continue;
    if (!key.starts_with(' ')) break;
    whole_alias_hashes_.set(word_hash(key) % whole_alias_hashes_.size());
  }
  const auto version = [&](std::size_t offset) {
    const auto* chars = reinterpret_cast<const char*>(image.data()) + offset;
    return std::string_view(chars, strnlen(chars, unicode_version_bytes));
  };
  unicode_version_ = version(offsetof(Header, unicode_version));
  cldr_version_ = version(offsetof(Header, cldr_version));
  emoji_version_ = version(offsetof(Header, emoji_version));
  static_assert(sizeof content_digest_ == sizeof header.content_digest);
  std::memcpy(&content_digest_, header.content_digest, sizeof content_digest_);

  const auto short_names = text(short_names_at, header.short_names_bytes);
  entry_categories_ = std::span(reinterpret_cast<const std::uint8_t*>(base + properties.entry_categories),
                                header.single_count);
  word_counts_ = std::span(reinterpret_cast<const std::uint8_t*>(base + properties.word_counts),
                          2 * std::size_t{header.entry_count});
  folded_sequence_offsets_ = section(properties.folded_sequence_offsets, properties.folded_sequence_names);
  folded_sequence_names_ = text(properties.folded_sequence_names, header.folded_sequence_names_bytes);
  if (folded_sequence_offsets_.front() != 0 || folded_sequence_offsets_.back() != folded_sequence_names_.size()) {
    throw IndexFormatError("index image folded sequence names do not match their section");
  }
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
    locale.speakers_thousands_ = records[i].speakers_thousands;
    if (locale.code_.empty() || locale.code_.size() == locale_code_bytes) throw IndexFormatError("index image: a bad locale code");
    // Checked when first asked for (find_locale): checking each language
    // here would bring a page or more of each into memory at start-up.
    locale.words_ = table_at(records[i].words, at.words, at.words_text);
    locale.short_name_entries_ = section(at.short_name_entries, at.short_name_spans);
    locale.short_name_spans_ = section(at.short_name_spans, at.folded_words);
    locale.folded_words_ = std::span(reinterpret_cast<const FoldedWord*>(base + at.folded_words),
                                     records[i].folded_word_count);
    locale.whole_keywords_ = section(at.whole_keywords, at.end);
    locale.short_names_ = short_names;
    if (!locales_.empty() && locales_.back().code_ >= locale.code_) throw IndexFormatError("index image: locales out of order");
    locales_.push_back(locale);
  }
  locale_checks_ = std::make_shared<LocaleChecks>(locales_.size());
  if (locales_.size() > UINT16_MAX) throw IndexFormatError("index image: too many locales");
  locales_by_speakers_.resize(locales_.size());
  for (std::size_t i = 0; i < locales_.size(); ++i) locales_by_speakers_[i] = static_cast<std::uint16_t>(i);
  std::stable_sort(locales_by_speakers_.begin(), locales_by_speakers_.end(), [&](std::uint16_t a, std::uint16_t b) {
    const auto& x = locales_[a];
    const auto& y = locales_[b];
    const bool x_regional = x.code_.find('_') != std::string_view::npos, y_regional = y.code_.find('_') != std::string_view::npos;
    if (x_regional != y_regional) return !x_regional;
    return x.speakers_thousands_ > y.speakers_thousands_;
  });
  order_sequences();

  if (line_offsets_.front() != 0 || line_offsets_.back() != lines_.size()) {
    throw IndexFormatError("index image offset tables do not match their sections");
  }
}

std::string_view NameIndex::unicode_version() const noexcept { return unicode_version_; }

void NameIndex::append_versions(std::string& out, const std::array<std::string_view, 4>& around,
                                void (*escape)(std::string&, std::string_view)) const {
  const std::array<std::string_view, 3> versions{unicode_version_, emoji_version_, cldr_version_};
  for (std::size_t i = 0; i < versions.size(); ++i) {
    out += around[i];
    escape(out, versions[i]);
  }
  out += around[3];
}

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

// The word's index + 1, or 0 when the table does not have it. Inline in
// both callers: every query word of every query comes here.
inline std::uint32_t NameIndex::WordTable::probe(std::string_view wanted) const noexcept {
  if (word_slots_.empty()) return 0;
  const auto mask = static_cast<std::uint32_t>(word_slots_.size() - 1);
  // The table is at most half full, so an empty slot always ends the probe.
  for (std::uint32_t slot = word_hash(wanted) & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t entry = word_slots_[slot];
    if (entry == 0 || word(entry - 1) == wanted) return entry;
  }
}

std::span<const EntryId> NameIndex::WordTable::find(std::string_view wanted) const noexcept {
  const auto entry = probe(wanted);
  return entry != 0 ? entries_of(entry - 1) : std::span<const EntryId>{};
}

std::optional<std::size_t> NameIndex::WordTable::index_of(std::string_view wanted) const noexcept {
  const auto entry = probe(wanted);
  return entry != 0 ? std::optional<std::size_t>(entry - 1) : std::nullopt;
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
  std::size_t at = 0;
  if (!find_from(id, at)) return {};
  // Checked here rather than when the image is attached, which would touch
  // every language's pages at start-up.
  const auto offset = short_name_spans_[short_name_span_words * at];
  if (offset > short_names_.size()) return {};
  return short_names_.substr(offset, short_name_spans_[short_name_span_words * at + 1] & short_name_length_mask);
}

std::span<const std::uint16_t> NameIndex::Locale::folded_short_name(EntryId id, std::size_t& hint) const noexcept {
  if (!find_from(id, hint)) return {};
  const auto count = short_name_spans_[short_name_span_words * hint + 1] >> folded_count_shift;
  const auto first = short_name_spans_[short_name_span_words * hint + 2];
  if (first > folded_words_.size() || count > folded_words_.size() - first) return {};
  return folded_words_.subspan(first, count);
}

bool NameIndex::Locale::is_whole_keyword(std::span<const EntryId> list, std::size_t at) const noexcept {
  const auto postings = words_.postings_;
  if (at >= list.size() || list.data() < postings.data() || list.data() + list.size() > postings.data() + postings.size()) {
    return false;
  }
  const auto posting = static_cast<std::size_t>(list.data() - postings.data()) + at;
  return posting / 32 < whole_keywords_.size() && (whole_keywords_[posting / 32] >> (posting % 32) & 1) != 0;
}

bool NameIndex::Locale::find_from(EntryId id, std::size_t& hint) const noexcept {
  const auto& entries = short_name_entries_;
  // An id below the last found is looked for from the start.
  if (hint > entries.size() || (hint > 0 && entries[hint - 1] >= id)) hint = 0;
  hint = gallop(entries, hint, id);
  return hint < entries.size() && entries[hint] == id;
}

std::string_view NameIndex::folded_sequence_name(EntryId id) const noexcept {
  if (id < single_count_ || id >= size()) return {};
  const auto n = id - single_count_;
  const auto from = folded_sequence_offsets_[n], to = folded_sequence_offsets_[n + 1];
  // Checked here rather than when the image is attached, as short names are.
  if (from > to || to > folded_sequence_names_.size()) return {};
  return folded_sequence_names_.substr(from, to - from);
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
      part[i] = upper ? ascii::to_upper(static_cast<char>(c)) : ascii::to_lower(static_cast<char>(c));
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

std::span<const EntryId> NameIndex::entries_with_emoticon(std::string_view emoticon) const noexcept {
  if (emoticon.empty() || emoticon.size() > max_emoticon_bytes) return {};
  std::array<char, max_emoticon_bytes + 1> key;
  key[0] = emoticon_key_mark;
  std::copy(emoticon.begin(), emoticon.end(), key.begin() + 1);
  return other_names_.find(std::string_view(key.data(), emoticon.size() + 1));
}

std::span<const EntryId> NameIndex::entries_with_whole_alias(std::string_view key) const noexcept {
  if (!whole_alias_hashes_.test(word_hash(key) % whole_alias_hashes_.size())) return {};
  return other_names_.find(key);
}

}  // namespace mojifinder
