#include <string>

#include "image_format.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/index/render.hpp"
#include "mojifinder/text/utf8.hpp"

namespace mojifinder {

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
  for (std::size_t i = 1; i < folded_sequence_offsets_.size(); ++i) {
    if (folded_sequence_offsets_[i] < folded_sequence_offsets_[i - 1]) fail("sequences' folded names out of order");
  }
  for (const auto cp : sequence_code_points_) {
    if (cp > utf8::max_code_point) fail("sequence code point out of range");
  }
  names_.verify(size());
  other_names_.verify(size());
  for (const auto& locale : locales_) {
    locale.words_.verify(size());
    for (std::size_t n = 0; n < locale.short_name_entries_.size(); ++n) {
      const auto* span = locale.short_name_spans_.data() + image::short_name_span_words * n;
      const auto offset = span[0], length = span[1] & image::short_name_length_mask;
      if (offset > locale.short_names_.size() || length > locale.short_names_.size() - offset) {
        fail("a short name of " + std::string(locale.code_) + " out of its section");
      }
      const auto count = span[1] >> image::folded_count_shift, first = span[2];
      if (first > locale.folded_words_.size() || count > locale.folded_words_.size() - first) {
        fail("a short name's folded words of " + std::string(locale.code_) + " out of their section");
      }
    }
    for (const auto word : locale.folded_words_) {
      if (word >= locale.words_.count()) fail("a folded word of " + std::string(locale.code_) + " not in its table");
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
