#include "mojifinder/name_index.hpp"

#include <algorithm>
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
constexpr std::uint32_t image_format_version = 1;
constexpr std::size_t unicode_version_bytes = 16;

struct Header {
  char magic[8];
  std::uint32_t format_version;
  std::uint32_t entry_count;
  std::uint32_t word_count;
  std::uint32_t posting_count;
  std::uint32_t lines_bytes;
  std::uint32_t words_bytes;
  char unicode_version[unicode_version_bytes];
};
static_assert(sizeof(Header) % sizeof(std::uint32_t) == 0);

constexpr std::size_t words_for_bytes(std::size_t bytes) {
  return (bytes + sizeof(std::uint32_t) - 1) / sizeof(std::uint32_t);
}

// Where each section starts, in words from the start of the image.
struct Layout {
  std::size_t code_points, line_offsets, word_offsets, posting_offsets, postings, lines, words, end;

  explicit Layout(const Header& h) {
    code_points = sizeof(Header) / sizeof(std::uint32_t);
    line_offsets = code_points + h.entry_count;
    word_offsets = line_offsets + h.entry_count + 1;
    posting_offsets = word_offsets + h.word_count + 1;
    postings = posting_offsets + h.word_count + 1;
    lines = postings + h.posting_count;
    words = lines + words_for_bytes(h.lines_bytes);
    end = words + words_for_bytes(h.words_bytes);
  }
};

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
  posting_offsets_ = section(layout.posting_offsets, layout.postings);
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
  const std::size_t start = code_point_label_length(cp) + 1 + utf8::encoded_length(cp) + 1;
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
  std::size_t low = 0;
  std::size_t high = word_count();
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (word(middle) < wanted) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  if (low == word_count() || word(low) != wanted) return {};
  return postings_.subspan(posting_offsets_[low], posting_offsets_[low + 1] - posting_offsets_[low]);
}

std::span<const EntryId> NameIndex::search(const WordList& query, std::vector<EntryId>& scratch) const {
  // Start from the shortest list: the answer can be no longer, and each
  // other list is then only probed, never walked.
  std::span<const EntryId> shortest;
  std::size_t shortest_word = 0;
  for (std::size_t i = 0; i < query.size(); ++i) {
    const auto list = entries_with(query.words()[i]);
    if (list.empty()) return {};
    if (i == 0 || list.size() < shortest.size()) shortest = list, shortest_word = i;
  }
  if (query.size() <= 1) return shortest;

  scratch.assign(shortest.begin(), shortest.end());
  for (std::size_t i = 0; i < query.size() && !scratch.empty(); ++i) {
    if (i == shortest_word) continue;
    const auto list = entries_with(query.words()[i]);
    if (list.data() == shortest.data()) continue;  // the same word again
    std::size_t kept = 0;
    std::size_t at = 0;
    for (const EntryId candidate : scratch) {
      at = gallop(list, at, candidate);
      if (at == list.size()) break;
      if (list[at] == candidate) scratch[kept++] = candidate;
    }
    scratch.resize(kept);
  }
  return scratch;
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
    const std::size_t shortest_line = code_point_label_length(cp) + utf8::encoded_length(cp) + 4;
    if (line_offsets_[i] - line_offsets_[i - 1] < shortest_line) fail("line too short for its code point");
  }
  for (std::size_t i = 1; i < word_offsets_.size(); ++i) {
    if (word_offsets_[i - 1] >= word_offsets_[i]) fail("empty word or word offsets out of order");
    if (posting_offsets_[i - 1] >= posting_offsets_[i]) fail("word without entries");
    if (i >= 2 && word(i - 2) >= word(i - 1)) fail("words not sorted at " + std::string(word(i - 1)));
  }
  for (std::size_t w = 0; w < word_count(); ++w) {
    const auto list = postings_.subspan(posting_offsets_[w], posting_offsets_[w + 1] - posting_offsets_[w]);
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i] >= size()) fail("posting out of range for " + std::string(word(w)));
      if (i > 0 && list[i - 1] >= list[i]) fail("postings out of order for " + std::string(word(w)));
    }
  }
}

}  // namespace mojifinder
