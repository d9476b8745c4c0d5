// Words beyond character names: the keywords and short names of CLDR's
// annotations, emoji sequence names (`flag: Côte d’Ivoire`), and the
// queries that look for them. Such words are folded for case and accents
// with ICU, so that `tete`, `TÊTE` and `tête` are one word, Latin letters
// spelled in ASCII beyond accents (ICU's Latin-ASCII: `coeur` is `cœur`,
// `strasse` `Straße`), and split at
// punctuation as well as white space, so that `(Keeling)` is the word
// KEELING and `o’clock` the words O and CLOCK; a full stop only ends an
// abbreviation, so `U.S.` is the word US. Folded ASCII letters are
// upper case, as name words are, so that one word looks up both.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mojifinder {

class FoldedWords {
 public:
  // The folded words of `text`: white space and punctuation separate
  // words; each is decomposed (NFKD: full-width Ａ is A, half-width ｶ is
  // カ), loses the combining accents of the Latin, Greek and Cyrillic
  // scripts, is case folded, has its Latin letters spelled in ASCII (œ oe,
  // æ ae, ß ss, ø o, ł l, đ d, ı i), and its hiragana written as katakana
  // (ねこ is ネコ). A token that
  // ends in one `*` (a prefix, `smil*`) keeps it on its last word; a
  // token with a `*` elsewhere is kept whole, for the query's checks to
  // refuse it. Text that is not UTF-8 is folded as far as it decodes.
  //
  // The storage is reused from one split to the next.
  void split(std::string_view text);

  std::span<const std::string_view> words() const noexcept { return words_; }
  bool empty() const noexcept { return words_.empty(); }

 private:
  void fold_token(std::string_view token);
  std::string folded_;
  std::vector<std::size_t> ends_;  // where each word ends in folded_
  std::vector<std::string_view> words_;
};

// Convenience for tests and tools: the folded words of `text` as owned strings.
std::vector<std::string> fold_words(std::string_view text);

// The folded words of `text`, one space between them: how the image keeps
// a field that relevance reads (a short name, a sequence's name), folded
// once when it is built rather than at every query.
std::string folded_text(std::string_view text);

// `text` with each character typed decomposed composed as NFC composes
// it: e and U+0301 (as macOS file names and many keyboards send é) become
// U+00E9, ᄒ ᅡ ᆫ become 한, so that a query means the same whichever form
// it came in. Only a character followed by marks (or jamo) that compose
// with it is touched: a character alone that NFC would replace by another
// (the Kelvin sign by K, the Ångström sign by Å) is kept as pasted. Returns
// `text` itself when nothing composes, else the composed text in `storage`.
std::string_view composed(std::string_view text, std::string& storage);

// True when `word` holds a letter of a script written without spaces
// between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar): in
// such a keyword, any part of its text is a word a query may look for.
bool is_written_without_spaces(std::string_view word);

// True for a code point of the general category M (a vowel sign, an accent).
bool is_combining_mark(char32_t cp) noexcept;

// True for a code point of the general categories L or M: part of a word.
bool is_letter_or_mark(char32_t cp) noexcept;

}  // namespace mojifinder
