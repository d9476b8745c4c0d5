#include <algorithm>
#include <cstring>
#include <span>
#include <limits>
#include <unordered_map>

#include "builder.hpp"
#include "mojifinder/text/fold.hpp"

namespace mojifinder::image {

namespace {

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

}  // namespace

BuiltLanguages build_languages(const CldrAnnotations& annotations, const UnicodeNames& names,
                               const BuiltEntries& entries) {
  // Each language: a word table over its keywords and short names, and
  // its short names.
  std::vector<std::u32string> sequences;
  for (const auto& sequence : names.sequences) sequences.push_back(sequence.code_points);
  AnnotatedEntries annotated(entries.code_points, entries.single_count, sequences);
  BuiltLanguages built;
  auto& locales = built.locales;
  auto& short_names = built.short_names;
  std::unordered_map<std::string, std::uint32_t> short_name_at;
  for (const auto& locale : annotations.locales) {
    if (locale.code.empty() || locale.code.size() >= locale_code_bytes) {
      throw IndexFormatError("a locale code of 1 to " + std::to_string(locale_code_bytes - 1) + " bytes: " + locale.code);
    }
    Postings words, whole;
    std::vector<std::pair<EntryId, std::string_view>> named;
    const auto add = [&](std::string_view text, EntryId id) {
      // A keyword of one folded word is that word whole.
      if (add_folded_words(words, text, id) == 1) {
        thread_local FoldedWords one;
        one.split(text);
        whole[std::string(one.words().front())].push_back(id);
      }
    };
    for (const auto& annotation : locale.annotations) {
      for (const auto id : annotated.of(annotation.code_points)) {
        for (const auto& keyword : annotation.keywords) add(keyword, id);
        if (annotation.short_name.empty()) continue;
        add(annotation.short_name, id);
        named.emplace_back(id, annotation.short_name);
      }
    }
    BuiltLocale locale_built;
    std::memcpy(locale_built.record.code, locale.code.data(), locale.code.size());
    locale_built.record.speakers_thousands =
        static_cast<std::uint32_t>(std::clamp(locale.speakers / 1000, 0.0, double{UINT32_MAX}));
    locale_built.words.emplace(words);
    locale_built.record.words = locale_built.words->header;
    // Which postings are a whole keyword: the table keeps the words in the
    // map's order, each list sorted.
    const auto& table = *locale_built.words;
    locale_built.whole_keywords.assign(LocaleLayout::whole_keyword_words(table.postings.size()), 0);
    std::size_t word_at = 0;
    for (auto& [word, list] : whole) std::sort(list.begin(), list.end());
    for (const auto& [word, list] : words) {
      if (const auto it = whole.find(word); it != whole.end()) {
        for (auto p = table.posting_offsets[word_at]; p < table.posting_offsets[word_at + 1]; ++p) {
          if (std::binary_search(it->second.begin(), it->second.end(), table.postings[p])) {
            locale_built.whole_keywords[p / 32] |= std::uint32_t{1} << (p % 32);
          }
        }
      }
      ++word_at;
    }
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
                named.end());
    // The folded words of each short name, by their numbers in the table:
    // every one is there, added above as a word of the short name. Each
    // text once in the pool: a child locale repeats most of its parent's.
    std::unordered_map<std::string_view, FoldedWord> number_of;
    if (words.size() > std::numeric_limits<FoldedWord>::max() + std::size_t{1}) {
      throw IndexFormatError("the words of " + locale.code + " are too many for the image format");
    }
    for (const auto& [word, list] : words) number_of.emplace(word, static_cast<FoldedWord>(number_of.size()));
    thread_local FoldedWords folded;
    for (const auto& [id, text] : named) {
      auto [at, added] = short_name_at.try_emplace(std::string(text), 0);
      if (added) {
        at->second = checked_u32(short_names.size(), "the short names");
        short_names += text;
      }
      folded.split(text);
      if (text.size() > short_name_length_mask || folded.words().size() > short_name_length_mask) {
        throw IndexFormatError("a short name of " + locale.code + " too long for the image format");
      }
      locale_built.short_name_entries.push_back(id);
      locale_built.short_name_spans.push_back(at->second);
      locale_built.short_name_spans.push_back(static_cast<std::uint32_t>(text.size()) |
                                              static_cast<std::uint32_t>(folded.words().size()) << folded_count_shift);
      locale_built.short_name_spans.push_back(checked_u32(locale_built.folded_words.size(), "the folded words"));
      for (const auto word : folded.words()) locale_built.folded_words.push_back(number_of.at(word));
    }
    locale_built.record.folded_word_count = checked_u32(locale_built.folded_words.size(), "the folded words");
    locale_built.record.short_name_count = checked_u32(named.size(), "the short names");
    locales.push_back(std::move(locale_built));
  }
  return built;
}

}  // namespace mojifinder::image
