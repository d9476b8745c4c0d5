// A set of index entries, one bit each. A term of a query that joins many
// entry lists (a prefix stands for every word it begins; a word may be in
// names and in aliases) is gathered into one, so that a query holds one
// bitmap of the index (19 KB for Unicode 15) however many lists it joins,
// and however many such terms it has.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mojifinder {

class EntryBitmap {
 public:
  // Empties the set and sizes it for entries 0 to `entries` - 1.
  void reset(std::size_t entries) { blocks_.assign((entries + 63) / 64, 0); }
  // Gives the memory back; the set is empty and sized for nothing.
  void release() noexcept { std::vector<std::uint64_t>().swap(blocks_); }

  void insert(std::uint32_t entry) noexcept { blocks_[entry / 64] |= std::uint64_t{1} << (entry % 64); }
  void erase(std::uint32_t entry) noexcept { blocks_[entry / 64] &= ~(std::uint64_t{1} << (entry % 64)); }
  bool contains(std::uint32_t entry) const noexcept {
    return (blocks_[entry / 64] >> (entry % 64)) & 1;
  }
  // Keeps only the entries that `other` (of the same size) holds too.
  void intersect(const EntryBitmap& other) noexcept {
    for (std::size_t i = 0; i < blocks_.size(); ++i) blocks_[i] &= other.blocks_[i];
  }

  // 64 entries a block: blocks() of them, from entry 0.
  std::size_t blocks() const noexcept { return blocks_.size(); }
  std::uint64_t block(std::size_t index) const noexcept { return blocks_[index]; }
  std::size_t bytes() const noexcept { return blocks_.capacity() * sizeof(std::uint64_t); }

 private:
  std::vector<std::uint64_t> blocks_;
};

}  // namespace mojifinder
