#include <algorithm>
#include <bit>
#include <cstring>

#include "builder.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/utf8.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder::image {

std::size_t add_words(Postings& postings, std::string_view text, EntryId id) {
  thread_local WordList words;
  words.split(text);
  for (const auto word : words.words()) {
    auto& list = postings.try_emplace(std::string(word)).first->second;
    // A name may repeat a word (BOX DRAWINGS LIGHT UP AND LIGHT LEFT).
    if (list.empty() || list.back() != id) list.push_back(id);
  }
  return words.size();
}

std::size_t add_folded_words(Postings& postings, std::string_view text, EntryId id) {
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
  return words.words().size();
}

BuiltTable::BuiltTable(const Postings& by_word) {
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

void BuiltTable::write(std::uint32_t* base, const TableLayout& layout, std::size_t words_at) const {
  std::copy(word_offsets.begin(), word_offsets.end(), base + layout.word_offsets);
  std::copy(posting_offsets.begin(), posting_offsets.end(), base + layout.posting_offsets);
  std::copy(slots.begin(), slots.end(), base + layout.word_slots);
  std::copy(postings.begin(), postings.end(), base + layout.postings);
  std::memcpy(base + words_at, words.data(), words.size());
}

}  // namespace mojifinder::image
