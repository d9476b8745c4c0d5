#include "answer_parser.hpp"

#include <cctype>
#include <charconv>
#include <cstring>

namespace mojifinder::loadtest {

namespace {

constexpr std::string_view prompt = "?> ";
constexpr std::string_view rule_character = "\xE2\x94\x80";  // U+2500
constexpr std::size_t rule_length = 66;

// A decimal number, the whole of `text`; -1 when it is not one.
long long number(std::string_view text) {
  long long value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} && end == text.data() + text.size() ? value : -1;
}

// What follows the rule and its space, a page's range aside: the count
// of the words searched (a correction's, after the query asked), or -1.
long long status_count_of(std::string_view text) {
  constexpr std::string_view found = " found";
  if (text.ends_with(found) && text.find("; showing ") != std::string_view::npos) {
    const auto count = text.substr(0, text.size() - found.size());
    const auto comma = count.rfind(", ");
    return comma == std::string_view::npos ? -1 : number(count.substr(comma + 2));
  }
  const auto end = text.find(found);
  if (end == std::string_view::npos) return -1;
  const auto rest = text.substr(end + found.size());
  if (!rest.empty()) {
    // ` in CODE`: a locale's code, letters, digits and `_`.
    constexpr std::string_view in = " in ";
    if (!rest.starts_with(in) || rest.size() == in.size()) return -1;
    for (const char c : rest.substr(in.size())) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return -1;
    }
  }
  return number(text.substr(0, end));
}

// `─` x 66, a space, then the count found, as the server writes it:
//   N found
//   N found in CODE                         (words found in another language)
//   0 found for ASKED; showing CORRECTED, N found   (a typo corrected)
// each perhaps followed by `, A to B shown` (a page of it). Returns the
// result lines the answer holds: N, or B - A + 1 for a page; -1 for a line
// that is no status.
long long status_count(std::string_view line) {
  if (line.size() < rule_length * rule_character.size() || !line.starts_with(rule_character)) return -1;
  for (std::size_t i = 0; i < rule_length; ++i) {
    if (line.substr(i * rule_character.size(), rule_character.size()) != rule_character) return -1;
  }
  line.remove_prefix(rule_length * rule_character.size());
  if (!line.starts_with(' ')) return -1;
  line.remove_prefix(1);
  // A page: its first and last, from the end.
  constexpr std::string_view shown = " shown";
  if (line.ends_with(shown)) {
    const auto range = line.substr(0, line.size() - shown.size());
    const auto comma = range.rfind(", ");
    const auto to = range.rfind(" to ");
    if (comma == std::string_view::npos || to == std::string_view::npos || to < comma) return -1;
    const auto first = number(range.substr(comma + 2, to - comma - 2)), last = number(range.substr(to + 4));
    if (first < 1 || last < first) return -1;
    return status_count_of(range.substr(0, comma)) >= 0 ? last - first + 1 : -1;
  }
  return status_count_of(line);
}

}  // namespace

void AnswerParser::end_line(std::string_view line, Progress& progress) {
  if (const auto count = status_count(line); count >= 0) {
    if (malformed_ || static_cast<std::uint64_t>(count) != lines_) {
      ++progress.bad_answers;
    } else {
      ++progress.answers;
      progress.results += lines_;
    }
    lines_ = 0;
    malformed_ = false;
    expect_prompt_ = true;
    return;
  }
  if (!is_result_line(line)) malformed_ = true;
  ++lines_;
}

bool AnswerParser::is_result_line(std::string_view line) noexcept {
  // A result line: its code points (U+XXXX, a sequence's one space apart),
  // a tab, the characters, a tab, the name.
  constexpr std::size_t most_digits = 6;
  std::size_t at = 0;
  while (line.substr(at).starts_with("U+")) {
    at += 2;
    std::size_t digits = 0;
    while (at < line.size() && digits <= most_digits && std::isxdigit(static_cast<unsigned char>(line[at]))) {
      ++at;
      ++digits;
    }
    if (digits == 0 || digits > most_digits || at == line.size()) return false;
    if (line[at] == '\t') return true;
    if (line[at++] != ' ') return false;
  }
  return false;
}

void AnswerParser::consume(std::string_view& bytes, Progress& progress) {
  while (!bytes.empty()) {
    if (!greeted_ || expect_prompt_) {
      if (bytes.size() < prompt.size()) return;
      if (bytes.starts_with(prompt)) {
        bytes.remove_prefix(prompt.size());
        greeted_ = true;
        expect_prompt_ = false;
        continue;
      }
      // Something else where a prompt belongs: count it against the
      // answer it ends, and resynchronize on the next line.
      ++progress.bad_answers;
      expect_prompt_ = false;
      greeted_ = true;
    }
    // Lines are found by their LF with memchr, the fastest scan there is:
    // the parser must keep up with gigabytes a second of long answers.
    const auto* newline = static_cast<const char*>(std::memchr(bytes.data(), '\n', bytes.size()));
    if (newline == nullptr) return;
    const auto length = static_cast<std::size_t>(newline - bytes.data());
    if (length == 0 || bytes[length - 1] != '\r') {
      malformed_ = true;  // a bare LF: the protocol ends every line in CR LF
      end_line(bytes.substr(0, length), progress);
    } else {
      end_line(bytes.substr(0, length - 1), progress);
    }
    bytes.remove_prefix(length + 1);
  }
}

AnswerParser::Progress AnswerParser::feed(std::string_view bytes) {
  Progress progress;
  if (!partial_.empty()) {
    // Complete the unit cut at the end of the last read with the bytes up
    // to the first LF; everything after that is read in place.
    const auto newline = bytes.find('\n');
    const auto take = newline == std::string_view::npos ? bytes.size() : newline + 1;
    partial_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    std::string_view carried = partial_;
    consume(carried, progress);
    if (!carried.empty()) {
      // Still incomplete: keep it, with whatever else came.
      std::string rest(carried);
      rest.append(bytes);
      partial_ = std::move(rest);
      return progress;
    }
    partial_.clear();
  }
  consume(bytes, progress);
  partial_.assign(bytes);
  return progress;
}

}  // namespace mojifinder::loadtest
