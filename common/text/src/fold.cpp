#include "mojifinder/text/fold.hpp"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/utf8.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder {

namespace {

constexpr bool is_ascii_punctuation(char c) noexcept {
  // The ASCII characters of the general category P but the full stop (the
  // symbols $ + < = > ^ ` | ~ are not: a keyword may be one).
  switch (c) {
    case '!': case '"': case '#': case '%': case '&': case '\'': case '(': case ')': case '*':
    case ',': case '-': case '/': case ':': case ';': case '?': case '@': case '[':
    case '\\': case ']': case '_': case '{': case '}':
      return true;
    default:
      return false;
  }
}

// The combining marks that accent Latin, Greek and Cyrillic letters.
// Marks of other scripts (Devanagari's vowel signs, Thai's, the kana voicing
// mark) are part of their letters and stay.
constexpr bool is_accent(UChar32 c) noexcept {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

// Hiragana as the katakana of the same sound (ね is ネ, ゝ ヽ): Japanese
// writes one word either way (ねこ, ネコ), and CLDR's keywords mostly in
// katakana. After NFKD, a voiced kana is its base and a mark, alike in
// both.
constexpr UChar32 as_katakana(UChar32 c) noexcept {
  return (c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E ? c + 0x60 : c;
}

bool separates_words(UChar32 c) noexcept {
  return is_white_space(static_cast<char32_t>(c)) || u_isUWhiteSpace(c) || (U_GET_GC_MASK(c) & U_GC_P_MASK) != 0;
}

const UNormalizer2* nfkd() {
  static const UNormalizer2* const instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const auto* n = unorm2_getNFKDInstance(&status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU's NFKD data: ") + u_errorName(status));
    return n;
  }();
  return instance;
}

// ICU's transform that spells Latin letters in ASCII beyond accents (œ oe,
// æ ae, ß ss, ø o, ł l, đ d, ı i, the ligatures ﬁ ﬂ), only for Latin: a
// keyboard without them types them so. One a thread: a transform is not
// to be shared.
UTransliterator* latin_to_ascii() {
  struct Close {
    void operator()(UTransliterator* t) const noexcept { utrans_close(t); }
  };
  thread_local const std::unique_ptr<UTransliterator, Close> instance = [] {
    static constexpr char16_t id[] = u"[:Latin:]; Latin-ASCII";
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UTransliterator, Close> t(
        utrans_openU(reinterpret_cast<const UChar*>(id), -1, UTRANS_FORWARD, nullptr, 0, nullptr, &status));
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU's Latin-ASCII transform: ") + u_errorName(status));
    return t;
  }();
  return instance.get();
}

// True when `text` holds a Latin letter beyond ASCII, the transform's work.
bool holds_latin_beyond_ascii(const std::u16string& text) {
  for (std::size_t i = 0; i < text.size();) {
    UChar32 c;
    U16_NEXT(text.data(), i, text.size(), c);
    if (c < 0x80) continue;
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(c, &status) == USCRIPT_LATIN) return true;
  }
  return false;
}

// Runs an ICU string function that writes into `out`, growing it once if
// it was too small.
template <typename Call>
void into_utf16(std::u16string& out, Call&& call) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    UErrorCode status = U_ZERO_ERROR;
    const auto length = call(out.data(), static_cast<int32_t>(out.size()), status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      out.resize(static_cast<std::size_t>(length));
      continue;
    }
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU: ") + u_errorName(status));
    out.resize(static_cast<std::size_t>(length));
    return;
  }
}

}  // namespace

void FoldedWords::split(std::string_view text) {
  folded_.clear();
  ends_.clear();
  words_.clear();
  for (auto rest = text;;) {
    const auto token = next_token(rest);
    if (token.empty()) break;
    const auto star = token.find('*');
    if (star != std::string_view::npos && star + 1 != token.size()) {
      folded_ += token;  // malformed prefix: kept for the query's checks
      ends_.push_back(folded_.size());
      continue;
    }
    const bool prefix = star != std::string_view::npos;
    const auto before = ends_.size();
    fold_token(prefix ? token.substr(0, star) : token);
    if (prefix) {
      if (ends_.size() == before) ends_.push_back(folded_.size());  // `*` alone: refused later
      folded_.insert(ends_.back(), 1, '*');
      ++ends_.back();
    }
  }
  // Views are taken once the text is complete: appending may move it.
  std::size_t begin = 0;
  for (const auto end : ends_) {
    words_.emplace_back(folded_.data() + begin, end - begin);
    begin = end;
  }
}

void FoldedWords::fold_token(std::string_view token) {
  auto word_begin = folded_.size();
  const auto end_word = [&] {
    if (folded_.size() != word_begin) ends_.push_back(folded_.size());
    word_begin = folded_.size();
  };
  if (utf8::is_ascii(token)) {
    for (const char c : token) {
      if (c == '.') continue;  // U.S. is the word US; St. is ST
      if (is_ascii_punctuation(c)) {
        end_word();
      } else {
        folded_ += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      }
    }
    end_word();
    return;
  }
  thread_local std::u16string utf16, decomposed, case_folded;
  utf16.resize(token.size());
  into_utf16(utf16, [&](UChar* out, int32_t capacity, UErrorCode& status) {
    int32_t length = 0;
    u_strFromUTF8WithSub(out, capacity, &length, token.data(), static_cast<int32_t>(token.size()), 0xFFFD,
                         nullptr, &status);
    return length;
  });
  decomposed.resize(utf16.size() * 2 + 8);
  into_utf16(decomposed, [&](UChar* out, int32_t capacity, UErrorCode& status) {
    return unorm2_normalize(nfkd(), utf16.data(), static_cast<int32_t>(utf16.size()), out, capacity, &status);
  });
  case_folded.resize(decomposed.size() + 8);
  into_utf16(case_folded, [&](UChar* out, int32_t capacity, UErrorCode& status) {
    return u_strFoldCase(out, capacity, decomposed.data(), static_cast<int32_t>(decomposed.size()),
                         U_FOLD_CASE_DEFAULT, &status);
  });
  if (holds_latin_beyond_ascii(case_folded)) {
    // Spelled out in place: it may grow (œ is oe, ﬃ ffi), room for three
    // times over.
    auto length = static_cast<int32_t>(case_folded.size());
    case_folded.resize(case_folded.size() * 3 + 8);
    auto limit = length;
    UErrorCode status = U_ZERO_ERROR;
    utrans_transUChars(latin_to_ascii(), reinterpret_cast<UChar*>(case_folded.data()), &length,
                       static_cast<int32_t>(case_folded.size()), 0, &limit, &status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU's Latin-ASCII transform: ") + u_errorName(status));
    case_folded.resize(static_cast<std::size_t>(length));
  }
  for (std::size_t i = 0; i < case_folded.size();) {
    UChar32 c;
    U16_NEXT(case_folded.data(), i, case_folded.size(), c);
    if (c == '.') continue;
    if (separates_words(c)) {
      end_word();
    } else if (!is_accent(c)) {
      if (c < 0x80) c = ascii::to_upper(static_cast<char>(c));
      c = as_katakana(c);
      utf8::append(folded_, static_cast<char32_t>(c));
    }
  }
  end_word();
}

std::vector<std::string> fold_words(std::string_view text) {
  FoldedWords words;
  words.split(text);
  return {words.words().begin(), words.words().end()};
}

namespace {

const UNormalizer2* nfc() {
  static const UNormalizer2* const instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const auto* n = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU's NFC data: ") + u_errorName(status));
    return n;
  }();
  return instance;
}

// A code point that may compose with the one before it or be reordered
// among marks: what follows the character a cluster begins with.
bool joins_the_one_before(UChar32 c) noexcept {
  return u_getCombiningClass(c) != 0 ||
         u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_MAYBE;
}

}  // namespace

std::string_view composed(std::string_view text, std::string& storage) {
  if (utf8::is_ascii(text)) return text;
  struct CodePoint {
    char32_t value;
    std::size_t at, length;
  };
  thread_local std::vector<CodePoint> code_points;
  code_points.clear();
  for (std::size_t at = 0; at < text.size();) {
    const auto decoded = utf8::decode(text.substr(at));
    if (!decoded) return text;  // not UTF-8: left for the query's checks
    code_points.push_back({decoded->code_point, at, decoded->length});
    at += decoded->length;
  }
  storage.clear();
  bool changed = false;
  thread_local std::u16string cluster, normalized;
  std::size_t copied = 0;  // bytes of text up to which storage holds it
  for (std::size_t i = 0; i < code_points.size();) {
    // A cluster: a character, and what joins it.
    auto end = i + 1;
    while (end < code_points.size() && joins_the_one_before(static_cast<UChar32>(code_points[end].value))) ++end;
    const auto first = static_cast<UChar32>(code_points[i].value);
    if (end - i < 2 || u_getIntPropertyValue(first, UCHAR_NFC_QUICK_CHECK) == UNORM_NO) {
      i = end;
      continue;
    }
    cluster.clear();
    for (auto k = i; k < end; ++k) {
      const auto c = static_cast<UChar32>(code_points[k].value);
      if (U_IS_BMP(c)) {
        cluster += static_cast<char16_t>(c);
      } else {
        cluster += static_cast<char16_t>(U16_LEAD(c));
        cluster += static_cast<char16_t>(U16_TRAIL(c));
      }
    }
    normalized.resize(cluster.size() + 8);
    into_utf16(normalized, [&](UChar* out, int32_t capacity, UErrorCode& status) {
      return unorm2_normalize(nfc(), reinterpret_cast<const UChar*>(cluster.data()),
                              static_cast<int32_t>(cluster.size()), out, capacity, &status);
    });
    if (normalized != cluster) {
      const auto from = code_points[i].at, to = code_points[end - 1].at + code_points[end - 1].length;
      storage.append(text.substr(copied, from - copied));
      for (std::size_t k = 0; k < normalized.size();) {
        UChar32 c;
        U16_NEXT(normalized.data(), k, normalized.size(), c);
        utf8::append(storage, static_cast<char32_t>(c));
      }
      copied = to;
      changed = true;
    }
    i = end;
  }
  if (!changed) return text;
  storage.append(text.substr(copied));
  return storage;
}

std::string folded_text(std::string_view text) {
  FoldedWords words;
  words.split(text);
  std::string out;
  for (const auto word : words.words()) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

bool is_written_without_spaces(std::string_view word) {
  // Every query word comes here: an ASCII one (most) is answered by a scan.
  if (utf8::is_ascii(word)) return false;
  while (!word.empty()) {
    const auto decoded = utf8::decode(word);
    if (!decoded) return false;
    word.remove_prefix(decoded->length);
    if (decoded->code_point < 0x0E00) continue;  // below Thai: no such script
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(static_cast<UChar32>(decoded->code_point), &status)) {
      case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_KATAKANA_OR_HIRAGANA:
      case USCRIPT_THAI: case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
        return true;
      default:
        break;
    }
  }
  return false;
}

bool is_combining_mark(char32_t cp) noexcept {
  return (U_GET_GC_MASK(static_cast<UChar32>(cp)) & U_GC_M_MASK) != 0;
}

bool is_letter_or_mark(char32_t cp) noexcept {
  return (U_GET_GC_MASK(static_cast<UChar32>(cp)) & (U_GC_L_MASK | U_GC_M_MASK)) != 0;
}

}  // namespace mojifinder
