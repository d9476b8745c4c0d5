// Pasted text: an emoji sequence of the index is identified whole, with
// or without U+FE0F; other characters one by one, in the order pasted.
// Cases are every sequence of the index.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <unicode/unorm2.h>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/ranked_results.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/utf8.hpp"
#include "support/oracles.hpp"
#include "support/ranked.hpp"

using namespace mojifinder;

namespace {

const NameIndex& index() { return embedded_name_index(); }

std::vector<Result> found(std::string_view query, const NameIndex::Locale* language = nullptr) {
  std::string error;
  auto results = find_all(index(), query, error, language);
  INFO(query, ": ", error);
  CHECK(error.empty());
  return results;
}

std::string text_of(EntryId id, bool with_selector) {
  std::string out;
  for (const auto cp : index().code_points_of(id)) {
    if (cp != 0xFE0F || with_selector) utf8::append(out, cp);
  }
  return out;
}

std::vector<Result> ranked(std::string_view query, const NameIndex::Locale* language) {
  RankedResults results;
  REQUIRE_FALSE(results.start(index(), query, language, Order::relevance, 0));
  std::vector<Result> all;
  std::array<Result, 256> batch;
  while (!results.done()) {
    const auto n = results.next(batch);
    all.insert(all.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return all;
}

// `text` normalized as Unicode's NFD or NFC does (ICU's, an oracle apart
// from the server's composing).
std::string normalized(std::string_view text, bool compose) {
  UErrorCode status = U_ZERO_ERROR;
  const auto* form = compose ? unorm2_getNFCInstance(&status) : unorm2_getNFDInstance(&status);
  std::u16string in;
  for (auto rest = text; !rest.empty();) {
    const auto decoded = utf8::decode(rest);
    REQUIRE(decoded);
    rest.remove_prefix(decoded->length);
    std::array<UChar, 2> units{};
    int32_t n = 0;
    U16_APPEND_UNSAFE(units.data(), n, static_cast<UChar32>(decoded->code_point));
    in.append(units.begin(), units.begin() + n);
  }
  std::array<UChar, 64> out{};
  const auto length = unorm2_normalize(form, reinterpret_cast<const UChar*>(in.data()), static_cast<int32_t>(in.size()),
                                       out.data(), static_cast<int32_t>(out.size()), &status);
  REQUIRE(U_SUCCESS(status));
  std::string result;
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U16_NEXT(out.data(), i, length, c);
    utf8::append(result, static_cast<char32_t>(c));
  }
  return result;
}

}  // namespace

TEST_CASE("pasted text: every emoji sequence of the index, pasted, is that sequence, with U+FE0F or without") {
  std::size_t without_selector = 0;
  for (auto id = static_cast<EntryId>(index().single_count()); id < index().size(); ++id) {
    const auto pasted = text_of(id, true);
    CAPTURE(index().name(id));
    CHECK(found(pasted) == std::vector<Result>{id});
    // Without U+FE0F, unless that leaves one character (❤ is HEAVY BLACK
    // HEART, ❤️ the red heart).
    const auto bare = text_of(id, false);
    std::size_t code_points = 0;
    for (const auto cp : index().code_points_of(id)) code_points += cp != 0xFE0F;
    if (bare == pasted || code_points < 2) continue;
    ++without_selector;
    CHECK(found(bare) == std::vector<Result>{id});
  }
  MESSAGE(without_selector, " sequences also pasted without U+FE0F");
  CHECK(without_selector > 100);
}

TEST_CASE("pasted text: sequences and characters come in the order pasted, one result each") {
  const auto japan = found("\U0001F1EF\U0001F1F5");
  const auto thumbs = found("\U0001F44D\U0001F3FD");
  const auto family = found("\U0001F468\u200D\U0001F469\u200D\U0001F467");
  REQUIRE(japan.size() == 1);
  REQUIRE(thumbs.size() == 1);
  REQUIRE(family.size() == 1);
  const auto a = *index().find(U'a');
  const auto euro = *index().find(U'€');
  CHECK(found("a\U0001F1EF\U0001F1F5€\U0001F44D\U0001F3FD\U0001F468\u200D\U0001F469\u200D\U0001F467") ==
        std::vector<Result>{a, japan[0], euro, thumbs[0], family[0]});
  // A lone regional indicator, or a modifier alone, is itself.
  CHECK(found("\U0001F1EF") == std::vector<Result>{*index().find(0x1F1EF)});
  CHECK(found("\U0001F3FD") == std::vector<Result>{*index().find(0x1F3FD)});
  // ❤ alone is the character; ❤️ the sequence.
  CHECK(found("\u2764") == std::vector<Result>{*index().find(0x2764)});
  CHECK(found("\u2764\uFE0F").size() == 1);
  CHECK(found("\u2764\uFE0F") != found("\u2764"));
}

TEST_CASE("pasted text: a word beyond ASCII is searched as words first, identified only when they find nothing") {
  // PINATA's name, folded: the word, not its six letters.
  CHECK(found("piñata") == std::vector<Result>{*index().find(0x1FA85)});
  // English keywords count, as they do when names find nothing: CLDR 48
  // gives ☕ the keyword café (Debian's CLDR 41 does not, and the letters
  // are identified).
  const auto coffee = found("café");
  const auto cafe = index().find_locale("en")->words().find("CAFE");
  if (std::find(cafe.begin(), cafe.end(), *index().find(0x2615)) != cafe.end()) {
    CHECK(std::find(coffee.begin(), coffee.end(), *index().find(0x2615)) != coffee.end());
  } else {
    std::vector<Result> cafe_letters;
    for (const char32_t cp : {U'c', U'a', U'f', U'é'}) cafe_letters.push_back(*index().find(cp));
    CHECK(coffee == cafe_letters);
  }
  // No word: the characters, in order.
  std::vector<Result> letters;
  for (const char32_t cp : {U'n', U'a', U'ï', U'v', U'e'}) letters.push_back(*index().find(cp));
  CHECK(found("naïve") == letters);
  // A character alone is identified at once, even where it folds to a word.
  CHECK(found("é") == std::vector<Result>{*index().find(U'é')});
  CHECK(found("Ω") == std::vector<Result>{*index().find(U'Ω')});
}

TEST_CASE("pasted text: with a language, a character pasted alone is first, then what the language adds, none twice") {
  // A language only adds: what a line gives without one comes first with
  // one, in the order pasted, in either order; in relevance order, save a
  // character of a script written without spaces, a word as well (`猫`),
  // which comes after the characters whose keyword it is by itself (🐈).
  std::vector<std::string> lines{"×", "÷", "ß", "ẞ", "№", "ª", "K", "Å", "€ $", "猫", "犬", "星", "桜", "🇯🇵", "👍🏽"};
  for (EntryId id = 0; id < index().single_count(); id += 61) {
    const auto cp = index().code_point(id);
    if (cp < 0x80 || cp == 0xFEFF) continue;
    std::string line;
    utf8::append(line, cp);
    lines.push_back(line);
  }
  std::size_t checked = 0, words = 0;
  std::vector<std::string> ranked_after;
  const auto* english = index().find_locale("en");
  for (const auto* code : {"en", "de", "ja"}) {
    const auto* language = index().find_locale(code);
    REQUIRE(language != nullptr);
    for (const auto& line : lines) {
      const auto alone = found(line);
      // Lines of one character, which identify at once without a language.
      if (alone.empty() || alone.size() > 3) continue;
      INFO(code, ": ", line);
      const auto with = found(line, language);
      REQUIRE(with.size() >= alone.size());
      CHECK(std::equal(alone.begin(), alone.end(), with.begin()));
      auto distinct = with;
      std::sort(distinct.begin(), distinct.end());
      CHECK(std::adjacent_find(distinct.begin(), distinct.end()) == distinct.end());
      const auto best_first = ranked(line, language);
      if (alone.size() == 1 && is_written_without_spaces(line)) {
        thread_local FoldedWords folded;
        folded.split(line);
        REQUIRE(folded.words().size() == 1);
        const auto word = folded.words().front();
        const auto keyword = [&](EntryId id) { return test::has_whole_keyword(language, word, id) || test::has_whole_keyword(english, word, id); };
        const auto at = std::find(best_first.begin(), best_first.end(), alone.front());
        REQUIRE(at != best_first.end());
        CHECK(std::all_of(best_first.begin(), at, keyword));
        // Those with a skin tone come after every plain result.
        CHECK(std::none_of(at + 1, best_first.end(), [&](EntryId id) { return keyword(id) && !test::has_skin_tone(index(), id); }));
        ++words;
        if (at != best_first.begin()) ranked_after.push_back(std::string(code) + " " + line);
      } else {
        CHECK(std::equal(alone.begin(), alone.end(), best_first.begin()));
      }
      std::sort(distinct.begin(), distinct.end());
      auto ranked_sorted = best_first;
      std::sort(ranked_sorted.begin(), ranked_sorted.end());
      CHECK(ranked_sorted == distinct);
      ++checked;
    }
  }
  CHECK(checked > 3000);
  MESSAGE(words, " characters that are words too, ", ranked_after.size(), " after a character whose keyword they are");
  for (const auto* line : {"ja 猫", "ja 犬", "ja 星", "ja 桜"}) {
    CHECK(std::find(ranked_after.begin(), ranked_after.end(), line) != ranked_after.end());
  }
  // Where the language adds: × is first, then what English calls ×.
  const auto times = found("×", index().find_locale("en"));
  CHECK(times.size() > 1);
  CHECK(times.front() == *index().find(U'×'));
}

TEST_CASE("pasted text: a character typed decomposed (NFD) answers as the composed one, with a language or without") {
  const auto* french = index().find_locale("fr");
  std::size_t checked = 0;
  for (EntryId id = 0; id < index().single_count(); ++id) {
    const auto cp = index().code_point(id);
    const bool hangul = cp >= 0xAC00 && cp <= 0xD7A3;
    if (cp < 0xC0 || (hangul && cp % 97 != 0)) continue;
    std::string nfc;
    utf8::append(nfc, cp);
    const auto nfd = normalized(nfc, false);
    // A character that NFC does not give back from its NFD (the Kelvin
    // sign is K, a CJK compatibility ideograph its unified one, DEVANAGARI
    // LETTER QA stays KA and NUKTA) is not what decomposed input means.
    if (nfd == nfc || normalized(nfd, true) != nfc) continue;
    INFO(nfc, " as ", nfd);
    const auto composed_answer = found(nfc);
    REQUIRE(composed_answer == std::vector<Result>{id});
    CHECK(found(nfd) == composed_answer);
    if (checked % 5 == 0) CHECK(found(nfd, french) == found(nfc, french));
    ++checked;
  }
  CHECK(checked > 1000);
  // In words too: the folded words are the same.
  CHECK(found("pin\u0303ata") == found("piñata"));
  // Pasted as themselves, the Kelvin and Ångström signs stay what they are.
  CHECK(found("\u212A") == std::vector<Result>{*index().find(0x212A)});
  CHECK(found("\u212B") == std::vector<Result>{*index().find(0x212B)});
}
