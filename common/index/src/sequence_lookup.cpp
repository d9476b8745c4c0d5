// NameIndex::sequence_at(): pasted emoji sequences found whole, so that a
// flag, a keycap, a skin tone or a family is one character, not its parts.
#include <algorithm>
#include <array>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/text/utf8.hpp"

namespace mojifinder {

namespace {

constexpr char32_t presentation_selector = 0xFE0F;

// Code points compared as if U+FE0F were not there: emoji are pasted
// with it and without.
template <typename A, typename B>
int compare_without_selector(const A& a, const B& b) noexcept {
  auto i = a.begin();
  auto j = b.begin();
  while (true) {
    while (i != a.end() && *i == presentation_selector) ++i;
    while (j != b.end() && *j == presentation_selector) ++j;
    if (i == a.end() || j == b.end()) return (i == a.end() ? 0 : 1) - (j == b.end() ? 0 : 1);
    if (*i != *j) return *i < *j ? -1 : 1;
    ++i;
    ++j;
  }
}

// No sequence of the RGI set is longer (the longest, a family with skin
// tones, has 10 code points).
constexpr std::size_t longest_sequence = 16;

}  // namespace

void NameIndex::order_sequences() {
  sequences_by_code_points_.clear();
  for (auto id = static_cast<EntryId>(single_count_); id < size(); ++id) sequences_by_code_points_.push_back(id);
  std::sort(sequences_by_code_points_.begin(), sequences_by_code_points_.end(), [this](EntryId a, EntryId b) {
    return compare_without_selector(code_points_of(a), code_points_of(b)) < 0;
  });
}

std::optional<NameIndex::SequenceMatch> NameIndex::sequence_at(std::string_view text) const noexcept {
  // The text's first code points without U+FE0F, and where each ends
  // (with a U+FE0F right after it).
  std::array<std::uint32_t, longest_sequence> wanted{};
  std::array<std::size_t, longest_sequence> ends{};
  std::array<bool, longest_sequence> selected{};
  std::size_t count = 0, at = 0;
  while (count < longest_sequence && at < text.size()) {
    const auto decoded = utf8::decode(text.substr(at));
    if (!decoded) break;
    at += decoded->length;
    if (decoded->code_point == presentation_selector) {
      if (count == 0) break;
      ends[count - 1] = at;
      selected[count - 1] = true;
      continue;
    }
    wanted[count] = decoded->code_point;
    ends[count++] = at;
  }
  for (auto length = count; length >= 1; --length) {
    // One character is a sequence only as itself with U+FE0F (❤️).
    if (length == 1 && !selected[0]) break;
    const auto key = std::span(wanted).first(length);
    const auto found = std::lower_bound(sequences_by_code_points_.begin(), sequences_by_code_points_.end(), key,
                                        [this](EntryId id, std::span<const std::uint32_t> k) {
                                          return compare_without_selector(code_points_of(id), k) < 0;
                                        });
    if (found != sequences_by_code_points_.end() && compare_without_selector(code_points_of(*found), key) == 0) {
      return SequenceMatch{*found, ends[length - 1]};
    }
  }
  return std::nullopt;
}

}  // namespace mojifinder
