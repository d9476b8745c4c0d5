#include "spelling.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace mojifinder::query_detail {

std::uint32_t edits_allowed(std::string_view word) noexcept {
  if (word.size() < 4 || word.size() > max_corrected_length) return 0;
  if (!std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) return 0;
  return word.size() < 8 ? 1 : 2;
}

bool Correction::better_than(const Correction& other) const noexcept {
  if (edits != other.edits) return edits < other.edits;
  if (likely != other.likely) return likely;
  if (keyword != other.keyword) return keyword;
  if (entries != other.entries) return entries > other.entries;
  return word < other.word;
}

namespace {

// Whether two upper-case letters are neighbours on a QWERTY keyboard:
// its rows are staggered by a quarter and a half of a key.
bool neighbour_keys(char a, char b) noexcept {
  static constexpr std::string_view rows[] = {"QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"};
  static constexpr int stagger[] = {0, 1, 3};  // in quarters of a key
  const auto where = [](char c, int& row, int& x) {
    for (row = 0; row < 3; ++row) {
      if (const auto col = rows[row].find(c); col != std::string_view::npos) {
        x = static_cast<int>(col) * 4 + stagger[row];
        return true;
      }
    }
    return false;
  };
  int row_a = 0, x_a = 0, row_b = 0, x_b = 0;
  if (!where(a, row_a, x_a) || !where(b, row_b, x_b)) return false;
  const int rows_apart = std::abs(row_a - row_b), apart = std::abs(x_a - x_b);
  return rows_apart == 0 ? apart == 4 : rows_apart == 1 && apart <= 4;
}

// Whether `typed`, one edit from `word`, is a slip people often make:
// a letter of the word left out, two neighbours swapped, a neighbouring
// key struck instead, or a letter struck twice.
bool likely_slip(std::string_view typed, std::string_view word) noexcept {
  std::size_t at = 0;
  while (at < typed.size() && at < word.size() && typed[at] == word[at]) ++at;
  if (word.size() == typed.size() + 1) return true;  // left out
  if (typed.size() == word.size() + 1) {              // struck twice
    return (at > 0 && typed[at] == typed[at - 1]) || (at + 1 < typed.size() && typed[at] == typed[at + 1]);
  }
  if (at + 1 < typed.size() && typed[at] == word[at + 1] && typed[at + 1] == word[at]) return true;  // swapped
  return at < typed.size() && neighbour_keys(typed[at], word[at]);
}

}  // namespace

void TrieWalk::begin(const NameIndex::WordTable& table, bool keywords, std::string_view word, std::uint32_t max_edits,
                     char first) {
  table_ = &table;
  keywords_ = keywords;
  word_ = word;
  max_edits_ = max_edits;
  height_ = 0;
  if (max_edits == 0 || word.size() > max_corrected_length) return;
  for (std::size_t j = 0; j <= word_.size(); ++j) rows_[0][j] = static_cast<std::uint8_t>(j);
  const auto [begin, end] = table.starting_with(std::string_view(&first, 1));
  prefix_[0] = first;
  if (begin < end && extend(0)) enter(begin, end, 1);
}

void TrieWalk::enter(std::size_t first, std::size_t last, std::size_t depth) {
  const auto m = word_.size();
  // Sorted, the prefix itself comes first when it is a word.
  if (table_->word(first).size() == depth) {
    if (rows_[depth][m] <= max_edits_) offer(first, rows_[depth][m]);
    ++first;
  }
  // A word longer than this is more than max_edits_ insertions away.
  if (first < last && depth < m + max_edits_) stack_[height_++] = {first, last, depth};
}

bool TrieWalk::resume(std::size_t& nodes) {
  while (height_ > 0) {
    auto& node = stack_[height_ - 1];
    if (node.next >= node.last) {
      --height_;
      continue;
    }
    if (nodes == 0) return false;
    --nodes;
    // The words of the next child: those with the same byte at `depth`.
    // Most children are small: galloping from the first finds the end in a
    // few probes where a binary search over the range takes many.
    const auto depth = node.depth;
    const auto first = node.next;
    const auto c = static_cast<unsigned char>(table_->word(first)[depth]);
    const auto beyond = [&](std::size_t i) { return static_cast<unsigned char>(table_->word(i)[depth]) > c; };
    std::size_t low = first + 1, step = 1;
    while (low + step < node.last && !beyond(low + step)) {
      low += step + 1;
      step *= 2;
    }
    std::size_t high = std::min(node.last, low + step);
    while (low < high) {
      const auto mid = low + (high - low) / 2;
      if (beyond(mid)) high = mid; else low = mid + 1;
    }
    node.next = low;
    // Corrections are words of letters, as the words corrected are: the
    // hex numbers and digits of names are no one's typo.
    if (c < 'A' || c > 'Z') continue;
    prefix_[depth] = static_cast<char>(c);
    if (extend(depth)) enter(first, low, depth + 1);
  }
  return true;
}

bool TrieWalk::extend(std::size_t depth) {
  const auto& row = rows_[depth];
  auto& next = rows_[depth + 1];
  const char c = prefix_[depth];
  const auto m = word_.size();
  next[0] = static_cast<std::uint8_t>(depth + 1);
  std::uint8_t least = next[0];
  for (std::size_t j = 1; j <= m; ++j) {
    const std::uint8_t substitute = row[j - 1] + (word_[j - 1] == c ? 0 : 1);
    std::uint8_t cell = std::min({static_cast<std::uint8_t>(row[j] + 1), static_cast<std::uint8_t>(next[j - 1] + 1), substitute});
    if (depth >= 1 && j >= 2 && c == word_[j - 2] && prefix_[depth - 1] == word_[j - 1]) {
      cell = std::min(cell, static_cast<std::uint8_t>(rows_[depth - 1][j - 2] + 1));
    }
    next[j] = cell;
    least = std::min(least, cell);
  }
  if (least <= max_edits_) return true;
  // A swap at the next byte reaches back to this row's predecessor.
  const auto least_before = *std::min_element(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(m) + 1);
  return least_before + 1u <= max_edits_;
}

void TrieWalk::offer(std::size_t index, std::uint32_t edits) {
  const auto word = table_->word(index);
  const Correction found{word, edits, table_->entries_of(index).size(), keywords_,
                         edits == 1 && likely_slip(word_, word)};
  if (!best_ || found.better_than(*best_)) best_ = found;
}

}  // namespace mojifinder::query_detail
