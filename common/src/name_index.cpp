#include "mojifinder/name_index.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <map>
#include <string>

#include "mojifinder/render.hpp"
#include "mojifinder/utf8.hpp"

namespace mojifinder {

namespace {

// The image format. Everything is a 32-bit word in host byte order (the
// image is made by the same build that reads it); text sections are padded
// to a whole word.
constexpr char image_magic[8] = {'M', 'O', 'J', 'I', 'N', 'D', 'X', '1'};
constexpr std::uint32_t image_format_version = 2;
constexpr std::size_t unicode_version_bytes = 16;

struct Header {
  char magic[8];
  std::uint32_t format_version;
  std::uint32_t entry_count;
  std::uint32_t word_count;
  std::uint32_t posting_count;
  std::uint32_t lines_bytes;
  std::uint32_t words_bytes;
  std::uint32_t word_slot_count;  // a power of two, at least twice word_count
  char unicode_version[unicode_version_bytes];
};
static_assert(sizeof(Header) % sizeof(std::uint32_t) == 0);

constexpr std::size_t words_for_bytes(std::size_t bytes) {
  return (bytes + sizeof(std::uint32_t) - 1) / sizeof(std::uint32_t);
}

// Where each section starts, in words from the start of the image.
struct Layout {
  std::size_t code_points, line_offsets, word_offsets, posting_offsets, word_slots, postings, lines, words, end;

  explicit Layout(const Header& h) {
    code_points = sizeof(Header) / sizeof(std::uint32_t);
    line_offsets = code_points + h.entry_count;
    word_offsets = line_offsets + h.entry_count + 1;
    posting_offsets = word_offsets + h.word_count + 1;
    word_slots = posting_offsets + h.word_count + 1;
    postings = word_slots + h.word_slot_count;
    lines = postings + h.posting_count;
    words = lines + words_for_bytes(h.lines_bytes);
    end = words + words_for_bytes(h.words_bytes);
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

NameIndex NameIndex::build(const UnicodeNames& names) {
  const auto& chars = names.characters;
  for (std::size_t i = 1; i < chars.size(); ++i) {
    if (chars[i - 1].code_point >= chars[i].code_point) {
      throw IndexFormatError("characters must be in strictly ascending code point order");
    }
  }

  std::string lines;
  std::vector<std::uint32_t> line_offsets{0};
  std::map<std::string, std::vector<EntryId>, std::less<>> postings_by_word;
  WordList words;
  for (std::size_t id = 0; id < chars.size(); ++id) {
    append_result_line(lines, chars[id].code_point, chars[id].name, LineEnd::crlf);
    if (lines.size() - line_offsets.back() > max_result_line_bytes) {
      throw IndexFormatError("the name of U+" + std::to_string(chars[id].code_point) + " is too long");
    }
    line_offsets.push_back(checked_u32(lines.size(), "the result lines"));
    words.split(chars[id].name);
    for (const auto word : words.words()) {
      auto& list = postings_by_word.try_emplace(std::string(word)).first->second;
      // A name may repeat a word (BOX DRAWINGS LIGHT UP AND LIGHT LEFT).
      if (list.empty() || list.back() != id) list.push_back(static_cast<EntryId>(id));
    }
  }

  std::string word_blob;
  std::vector<std::uint32_t> word_offsets{0};
  std::vector<std::uint32_t> posting_offsets{0};
  std::vector<EntryId> postings;
  for (const auto& [word, list] : postings_by_word) {
    word_blob += word;
    word_offsets.push_back(checked_u32(word_blob.size(), "the word table"));
    postings.insert(postings.end(), list.begin(), list.end());
    posting_offsets.push_back(checked_u32(postings.size(), "the postings"));
  }

  Header header{};
  std::memcpy(header.magic, image_magic, sizeof image_magic);
  header.format_version = image_format_version;
  header.entry_count = checked_u32(chars.size(), "the character count");
  header.word_count = checked_u32(postings_by_word.size(), "the word count");
  header.posting_count = checked_u32(postings.size(), "the posting count");
  header.lines_bytes = checked_u32(lines.size(), "the result lines");
  header.words_bytes = checked_u32(word_blob.size(), "the word table");
  header.word_slot_count = checked_u32(std::bit_ceil(2 * postings_by_word.size() + 1), "the word slots");
  if (names.unicode_version.size() >= unicode_version_bytes) {
    throw IndexFormatError("Unicode version string too long: " + names.unicode_version);
  }
  std::memcpy(header.unicode_version, names.unicode_version.data(), names.unicode_version.size());

  const Layout layout(header);
  auto storage = std::make_shared<std::vector<std::uint32_t>>(layout.end, 0);
  auto* base = storage->data();
  const auto put_words = [base](std::size_t at, const auto& values) {
    std::copy(values.begin(), values.end(), base + at);
  };
  const auto put_bytes = [base](std::size_t at, const std::string& bytes) {
    std::memcpy(base + at, bytes.data(), bytes.size());
  };
  std::memcpy(base, &header, sizeof header);
  for (std::size_t id = 0; id < chars.size(); ++id) base[layout.code_points + id] = chars[id].code_point;
  put_words(layout.line_offsets, line_offsets);
  put_words(layout.word_offsets, word_offsets);
  put_words(layout.posting_offsets, posting_offsets);
  // Slot holds word index + 1; 0 marks it empty. Linear probing.
  const std::uint32_t slot_mask = header.word_slot_count - 1;
  for (std::uint32_t w = 0; w < header.word_count; ++w) {
    const std::string_view word(word_blob.data() + word_offsets[w], word_offsets[w + 1] - word_offsets[w]);
    std::uint32_t slot = word_hash(word) & slot_mask;
    while (base[layout.word_slots + slot] != 0) slot = (slot + 1) & slot_mask;
    base[layout.word_slots + slot] = w + 1;
  }
  put_words(layout.postings, postings);
  put_bytes(layout.lines, lines);
  put_bytes(layout.words, word_blob);

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
  if (image.size() != layout.end * sizeof(std::uint32_t)) {
    throw IndexFormatError("index image size does not match its header");
  }

  const auto* base = reinterpret_cast<const std::uint32_t*>(image.data());
  const auto section = [base](std::size_t from, std::size_t to) {
    return std::span<const std::uint32_t>(base + from, base + to);
  };
  const auto text = [base](std::size_t from, std::size_t bytes) {
    return std::string_view(reinterpret_cast<const char*>(base + from), bytes);
  };
  image_ = image;
  code_points_ = section(layout.code_points, layout.line_offsets);
  line_offsets_ = section(layout.line_offsets, layout.word_offsets);
  word_offsets_ = section(layout.word_offsets, layout.posting_offsets);
  posting_offsets_ = section(layout.posting_offsets, layout.word_slots);
  word_slots_ = section(layout.word_slots, layout.postings);
  if (!std::has_single_bit(word_slots_.size()) || word_slots_.size() <= 2 * header.word_count) {
    throw IndexFormatError("index image word table has a bad slot count");
  }
  postings_ = section(layout.postings, layout.lines);
  lines_ = text(layout.lines, header.lines_bytes);
  words_ = text(layout.words, header.words_bytes);
  const auto* version = reinterpret_cast<const char*>(image.data()) + offsetof(Header, unicode_version);
  unicode_version_ = std::string_view(version, strnlen(version, unicode_version_bytes));

  // The ends of the offset tables bound every access; check them here so
  // that a truncated table cannot send a lookup out of the image.
  if (line_offsets_.front() != 0 || line_offsets_.back() != lines_.size() ||
      word_offsets_.front() != 0 || word_offsets_.back() != words_.size() ||
      posting_offsets_.front() != 0 || posting_offsets_.back() != postings_.size()) {
    throw IndexFormatError("index image offset tables do not match their sections");
  }
}

std::string_view NameIndex::unicode_version() const noexcept { return unicode_version_; }

std::string_view NameIndex::line(EntryId id) const noexcept { return lines(id, id + 1); }

std::string_view NameIndex::lines(EntryId first, EntryId last) const noexcept {
  return lines_.substr(line_offsets_[first], line_offsets_[last] - line_offsets_[first]);
}

std::string_view NameIndex::name(EntryId id) const noexcept {
  // The line is `U+XXXX<TAB>char<TAB>NAME<CR><LF>`: the name's start follows
  // from the code point alone.
  const char32_t cp = code_point(id);
  const std::size_t start = code_point_label_length(cp) + 1 + utf8::encoded_length(visible_character(cp)) + 1;
  const auto whole = line(id);
  return whole.substr(start, whole.size() - start - line_end_bytes(LineEnd::crlf).size());
}

std::optional<EntryId> NameIndex::find(char32_t cp) const noexcept {
  const auto it = std::lower_bound(code_points_.begin(), code_points_.end(), static_cast<std::uint32_t>(cp));
  if (it == code_points_.end() || *it != cp) return std::nullopt;
  return static_cast<EntryId>(it - code_points_.begin());
}

std::string_view NameIndex::word(std::size_t index) const noexcept {
  return words_.substr(word_offsets_[index], word_offsets_[index + 1] - word_offsets_[index]);
}

std::span<const EntryId> NameIndex::entries_with(std::string_view wanted) const noexcept {
  const auto mask = static_cast<std::uint32_t>(word_slots_.size() - 1);
  // The table is at most half full, so an empty slot always ends the probe.
  for (std::uint32_t slot = word_hash(wanted) & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t entry = word_slots_[slot];
    if (entry == 0) return {};
    const std::uint32_t w = entry - 1;
    if (word(w) == wanted) {
      return postings_.subspan(posting_offsets_[w], posting_offsets_[w + 1] - posting_offsets_[w]);
    }
  }
}

std::span<const EntryId> NameIndex::entries_of_word(std::size_t index) const noexcept {
  return postings_.subspan(posting_offsets_[index], posting_offsets_[index + 1] - posting_offsets_[index]);
}

std::pair<std::size_t, std::size_t> NameIndex::words_starting_with(std::string_view prefix) const noexcept {
  const auto first_not_before = [&](std::size_t from, auto&& before) {
    std::size_t low = from, high = word_count();
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

std::span<const EntryId> NameIndex::search(const WordList& query, std::vector<EntryId>& scratch) const {
  MatchCursor cursor;
  cursor.start(*this, query);
  if (const auto whole = cursor.whole_list(); !whole.empty()) return whole;
  scratch.clear();
  std::array<EntryId, 1024> batch;
  while (const auto n = cursor.next(batch)) scratch.insert(scratch.end(), batch.begin(), batch.begin() + n);
  return scratch;
}

void MatchCursor::start(const NameIndex& index, const WordList& query) {
  lists_.clear();
  produced_ = 0;
  for (const auto word : query.words()) {
    if (!add(index.entries_with(word))) return;
  }
  order();
}

void MatchCursor::start(std::span<const std::span<const EntryId>> lists) {
  lists_.clear();
  produced_ = 0;
  for (const auto list : lists) {
    if (!add(list)) return;
  }
  order();
}

bool MatchCursor::add(std::span<const EntryId> entries) {
  if (entries.empty()) {  // a word no name has: nothing matches
    lists_.clear();
    return false;
  }
  // The same word twice adds nothing.
  const bool seen = std::any_of(lists_.begin(), lists_.end(),
                                [&](const List& l) { return l.entries.data() == entries.data(); });
  if (!seen) lists_.push_back({entries, 0});
  return true;
}

void MatchCursor::order() {
  // Walk the shortest list and only probe the others: the answer can be no
  // longer than it.
  std::sort(lists_.begin(), lists_.end(),
            [](const List& a, const List& b) { return a.entries.size() < b.entries.size(); });
}

std::span<const EntryId> MatchCursor::whole_list() const noexcept {
  return lists_.size() == 1 && produced_ == 0 ? lists_.front().entries : std::span<const EntryId>{};
}

std::size_t MatchCursor::next(std::span<EntryId> out) {
  if (lists_.empty()) return 0;
  auto& walked = lists_.front();
  std::size_t written = 0;
  while (written < out.size() && walked.at < walked.entries.size()) {
    const EntryId candidate = walked.entries[walked.at++];
    bool in_all = true;
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
    if (in_all) out[written++] = candidate;
  }
  produced_ += written;
  return written;
}

void NameIndex::verify() const {
  const auto fail = [](const std::string& why) { throw IndexFormatError("index image: " + why); };
  for (std::size_t i = 1; i < code_points_.size(); ++i) {
    if (code_points_[i - 1] >= code_points_[i]) fail("code points out of order at entry " + std::to_string(i));
  }
  if (!code_points_.empty() && code_points_.back() > utf8::max_code_point) fail("code point out of range");
  for (std::size_t i = 1; i < line_offsets_.size(); ++i) {
    if (line_offsets_[i - 1] > line_offsets_[i]) fail("line offsets out of order");
    const auto cp = code_points_[i - 1];
    const std::size_t shortest_line = code_point_label_length(cp) + utf8::encoded_length(visible_character(cp)) + 4;
    if (line_offsets_[i] - line_offsets_[i - 1] < shortest_line) fail("line too short for its code point");
    if (line_offsets_[i] - line_offsets_[i - 1] > max_result_line_bytes) fail("line too long");
  }
  for (std::size_t i = 1; i < word_offsets_.size(); ++i) {
    if (word_offsets_[i - 1] >= word_offsets_[i]) fail("empty word or word offsets out of order");
    if (posting_offsets_[i - 1] >= posting_offsets_[i]) fail("word without entries");
    if (i >= 2 && word(i - 2) >= word(i - 1)) fail("words not sorted at " + std::string(word(i - 1)));
  }
  std::size_t filled_slots = 0;
  for (const auto slot : word_slots_) {
    if (slot > word_count()) fail("word slot out of range");
    filled_slots += slot != 0;
  }
  if (filled_slots != word_count()) fail("word slots do not hold every word once");
  for (std::size_t w = 0; w < word_count(); ++w) {
    if (entries_with(word(w)).data() != postings_.data() + posting_offsets_[w]) {
      fail("word not found through the word slots: " + std::string(word(w)));
    }
    const auto list = postings_.subspan(posting_offsets_[w], posting_offsets_[w + 1] - posting_offsets_[w]);
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i] >= size()) fail("posting out of range for " + std::string(word(w)));
      if (i > 0 && list[i - 1] >= list[i]) fail("postings out of order for " + std::string(word(w)));
    }
  }
}

}  // namespace mojifinder
