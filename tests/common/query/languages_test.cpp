// Finding characters by meaning: CLDR's keywords and short names in each
// language, folded for case and accents, and emoji sequences by the words
// people type. The cases are generated from the package's own data
// (unicode-cldr-core's XML, the UCD's emoji-test.txt), not picked by hand.
#include <doctest/doctest.h>
#include <pugixml.hpp>

#include <algorithm>
#include <filesystem>
#include <unistd.h>
#include <map>
#include <string>
#include <vector>

#include "mojifinder/answer/answer.hpp"
#include "mojifinder/data/cldr_annotations.hpp"
#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/index/render.hpp"
#include "mojifinder/line/conversation.hpp"
#include "mojifinder/query/results.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/utf8.hpp"
#include "support/oracles.hpp"
#include "support/session.hpp"

using namespace mojifinder;

namespace {

const NameIndex& index() { return embedded_name_index(); }

const NameIndex::Locale& locale(std::string_view code) {
  const auto* found = index().find_locale(code);
  REQUIRE(found != nullptr);
  REQUIRE(found->code() == code);
  return *found;
}

std::vector<Result> found(std::string_view query, const NameIndex::Locale* language = nullptr) {
  std::string error;
  auto results = find_all(index(), query, error, language);
  INFO("query: " << query);
  CHECK(error.empty());
  return results;
}

bool holds(const std::vector<Result>& results, EntryId id) { return std::ranges::find(results, id) != results.end(); }

std::u32string decode(std::string_view text) {
  std::u32string out;
  while (const auto decoded = utf8::decode(text)) {
    out.push_back(decoded->code_point);
    text.remove_prefix(decoded->length);
  }
  return out;
}

// The entry CLDR means by `cp` (its code points without U+FE0F): the
// single character, or else the sequence that is it without U+FE0F.
std::optional<EntryId> entry_of(const std::u32string& cp) {
  if (cp.size() == 1) {
    if (const auto id = index().find(cp[0])) return id;
  }
  for (auto id = static_cast<EntryId>(index().single_count()); id < index().size(); ++id) {
    std::u32string without;
    for (const auto c : index().code_points_of(id)) {
      if (c != 0xFE0F) without.push_back(static_cast<char32_t>(c));
    }
    if (without == cp) return id;
  }
  return std::nullopt;
}

// A keyword or short name can be a query when its folded words are words:
// `*` (a keycap's) alone is a malformed prefix, `!!` is no word at all.
bool usable_as_query(std::string_view text) {
  const auto words = fold_words(text);
  return !words.empty() && std::ranges::none_of(words, [](const auto& w) { return w.find('*') != std::string::npos; }) &&
         text.find("U+") == std::string_view::npos && text.find("u+") == std::string_view::npos;
}

// Scripts, regions and writing systems apart: Latin with accents, Cyrillic,
// Greek, Arabic, Hebrew, Devanagari, Thai, Han, kana, Hangul.
constexpr const char* a_dozen_locales[] = {"fr", "de", "es", "pt", "ru", "el", "ar", "he", "hi", "th", "ja", "zh", "ko"};

}  // namespace

TEST_CASE("languages: a code is found as BCP 47's lookup finds it, in any case and with - or _") {
  CHECK(index().locales().size() >= 100);
  CHECK(index().find_locale("fr")->code() == "fr");
  CHECK(index().find_locale("FR-ca")->code() == "fr_CA");
  CHECK(index().find_locale("pt-BR")->code() == "pt");
  CHECK(index().find_locale("sr-latn-RS")->code() == "sr_Latn");
  CHECK(index().find_locale("zh-Hant-TW")->code() == "zh_Hant");
  CHECK(index().find_locale("en-AU")->code() == "en_AU");
  for (const auto* unknown : {"", "xx", "fr-", "-fr", "fr--CA", "f r", "français", "fr_CA_x_verylongsubtag"}) {
    INFO("code: " << unknown);
    CHECK(index().find_locale(unknown) == nullptr);
  }
}

TEST_CASE("languages: in a dozen locales, every keyword and short name finds its character") {
  const std::filesystem::path annotations = std::filesystem::path(MOJIFINDER_CLDR_DIR) / "annotations";
  for (const auto* code : a_dozen_locales) {
    const auto& language = locale(code);
    pugi::xml_document document;
    REQUIRE(document.load_file((annotations / (std::string(code) + ".xml")).c_str()));
    std::size_t checked = 0, missed = 0;
    for (const auto annotation : document.child("ldml").child("annotations").children("annotation")) {
      const auto id = entry_of(decode(annotation.attribute("cp").as_string()));
      if (!id) continue;  // a character this Unicode has no entry for
      const std::string text = annotation.text().as_string();
      const bool short_name = std::string_view(annotation.attribute("type").as_string()) == "tts";
      std::vector<std::string> queries;
      if (short_name) {
        queries.push_back(text);
        CHECK(language.short_name(*id) == text);
      } else {
        for (std::size_t from = 0; from <= text.size();) {
          const auto bar = std::min(text.find('|', from), text.size());
          queries.push_back(text.substr(from, bar - from));
          from = bar + 1;
        }
      }
      for (const auto& query : queries) {
        if (!usable_as_query(query)) continue;
        ++checked;
        if (!holds(found(query, &language), *id)) {
          ++missed;
          INFO(code << ": " << query << " does not find U+" << std::hex << index().code_point(*id));
          CHECK(false);
        }
      }
    }
    INFO(code);
    CHECK(checked > 1000);
    CHECK(missed == 0);
  }
}

TEST_CASE("languages: words are folded for case and accents, and written without spaces are found inside keywords") {
  const auto& fr = locale("fr");
  const auto cat_face = *index().find(0x1F431);
  for (const auto* query : {"tête chat", "tete chat", "TÊTE CHAT", "Tete Chat", "chat tête"}) {
    INFO(query);
    CHECK(holds(found(query, &fr), cat_face));
  }
  CHECK(found("tete chat", &fr) == found("TÊTE chat", &fr));
  CHECK(holds(found("Κεφάλι γάτας", &locale("el")), cat_face) == holds(found("ΚΕΦΑΛΙ ΓΑΤΑΣ", &locale("el")), cat_face));
  // Japanese and Chinese keywords are phrases without spaces: any part
  // of one is found.
  const auto& ja = locale("ja");
  CHECK(holds(found("猫", &ja), cat_face));
  CHECK(holds(found("猫", &ja), *index().find(0x1F408)));
  CHECK(holds(found("猫", &locale("zh")), cat_face));
  // Without a language, a line beyond ASCII is identified, as it was.
  CHECK(found("猫") == std::vector<Result>{*index().find(0x732B)});
}

TEST_CASE("languages: Latin letters beyond accents are spelled in ASCII, in keywords and queries alike") {
  CHECK(fold_words("cœur Straße øre łódź đak ıssız æble ﬁn") ==
        std::vector<std::string>{"COEUR", "STRASSE", "ORE", "LODZ", "DAK", "ISSIZ", "AEBLE", "FIN"});
  // Other scripts are left as they are.
  CHECK(fold_words("кот 猫 Κεφάλι") == std::vector<std::string>{"кот", "猫", "κεφαλι"});
  // So a French keyboard finds what CLDR writes with œ.
  const auto& fr = locale("fr");
  const auto heart = found("cœur", &fr);
  REQUIRE_FALSE(heart.empty());
  CHECK(found("coeur", &fr) == heart);
  CHECK(found("COEUR", &fr) == heart);
}

TEST_CASE("languages: hiragana and katakana, full-width and half-width forms fold alike, in keywords and queries") {
  CHECK(fold_words("ねこ") == fold_words("ネコ"));
  CHECK(fold_words("がっこう") == fold_words("ガッコウ"));
  CHECK(fold_words("ｶﾞｯｺｳ") == fold_words("ガッコウ"));
  CHECK(fold_words("ＣＡＴ　ｆａｃｅ") == std::vector<std::string>{"CAT", "FACE"});
  CHECK(fold_words("ゝ") == fold_words("ヽ"));
  // Kanji and the long-vowel mark are as written.
  CHECK(fold_words("猫ー") == std::vector<std::string>{"猫ー"});
  // So a word of either kana finds what CLDR writes in the other.
  const auto& ja = locale("ja");
  const auto cat = found("ネコ", &ja);
  REQUIRE_FALSE(cat.empty());
  CHECK(found("ねこ", &ja) == cat);
  CHECK(found("ｃａｔ ｆａｃｅ", &ja) == found("cat face", &ja));
}

TEST_CASE("languages: a child locale inherits what it does not say from its parent") {
  const auto cldr = load_cldr_annotations(MOJIFINDER_CLDR_DIR);
  std::map<std::string, const LocaleAnnotations*> by_code;
  for (const auto& l : cldr.locales) by_code[l.code] = &l;
  REQUIRE(by_code.contains("fr_CA"));
  CHECK(by_code["fr_CA"]->parent == "fr");
  CHECK(by_code["en_AU"]->parent == "en_001");
  CHECK(by_code["en_001"]->parent == "en");
  CHECK(by_code["zh_Hant"]->parent == "root");
  CHECK(by_code["sr_Latn"]->parent == "root");
  // fr_CA's own file, and what resolution made of it: its own values where
  // it has them, fr's everywhere else.
  std::map<std::u32string, std::string> own_short_names;
  for (const auto* folder : {"annotations", "annotationsDerived"}) {
    pugi::xml_document own;
    REQUIRE(own.load_file((std::filesystem::path(MOJIFINDER_CLDR_DIR) / folder / "fr_CA.xml").c_str()));
    for (const auto a : own.child("ldml").child("annotations").children("annotation")) {
      if (std::string_view(a.attribute("type").as_string()) == "tts") {
        own_short_names[decode(a.attribute("cp").as_string())] = a.text().as_string();
      }
    }
  }
  std::map<std::u32string, std::string> fr_short_names;
  for (const auto& a : by_code["fr"]->annotations) fr_short_names[a.code_points] = a.short_name;
  std::size_t inherited = 0, own_count = 0;
  for (const auto& a : by_code["fr_CA"]->annotations) {
    if (const auto it = own_short_names.find(a.code_points); it != own_short_names.end()) {
      CHECK(a.short_name == it->second);
      ++own_count;
    } else if (fr_short_names.contains(a.code_points)) {
      CHECK(a.short_name == fr_short_names[a.code_points]);
      ++inherited;
    }
  }
  CHECK(own_count > 10);
  CHECK(inherited > 1000);
  // And in the index: a short name fr_CA leaves to fr is fr's.
  const auto cat = *index().find(0x1F408);
  CHECK(locale("fr_CA").short_name(cat) == locale("fr").short_name(cat));
}

TEST_CASE("languages: a file not named by a CLDR locale id is refused with its path, not served as a code") {
  // A CLDR tree of the real files, and one more annotations file whose
  // name would break out of the page's <option value="..."> or put ESC
  // on a terminal.
  namespace fs = std::filesystem;
  const fs::path real = MOJIFINDER_CLDR_DIR;
  const auto tree = fs::temp_directory_path() / ("mojifinder-cldr-" + std::to_string(::getpid()));
  fs::remove_all(tree);
  fs::create_directories(tree);
  for (const auto* folder : {"dtd", "supplemental"}) fs::create_directory_symlink(real / folder, tree / folder);
  fs::create_directories(tree / "annotations");
  fs::create_directories(tree / "annotationsDerived");
  fs::copy_file(real / "annotations" / "en.xml", tree / "annotations" / "en.xml");
  CHECK(load_cldr_annotations(tree).locales.size() == 1);
  for (const std::string name : {"x\"><i>", "en\n\x1b[31m", "e", "en__AU", "1en"}) {
    CAPTURE(name);
    const auto file = tree / "annotations" / (name + ".xml");
    fs::copy_file(real / "annotations" / "en.xml", file);
    CHECK_THROWS_WITH_AS(load_cldr_annotations(tree), (file.string() + ": not named by a CLDR locale id").c_str(),
                         CldrError);
    fs::remove(file);
  }
  for (const std::string name : {"en_AU", "sr_Latn_BA", "es_419", "root"}) {
    CAPTURE(name);
    fs::copy_file(real / "annotations" / "en.xml", tree / "annotations" / (name + ".xml"));
  }
  std::vector<std::string> codes;
  for (const auto& locale : load_cldr_annotations(tree).locales) codes.push_back(locale.code);
  std::sort(codes.begin(), codes.end());
  std::string listed;
  for (const auto& code : codes) listed += code + " ";
  CHECK(listed == "en en_AU es_419 sr_Latn_BA ");  // root is read, as every locale's last parent
  fs::remove_all(tree);
}

TEST_CASE("languages: every emoji sequence is found by its name as shown, and by its folded words") {
  const auto names = load_unicode_names(MOJIFINDER_UCD_DIR);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < names.sequences.size(); ++i) {
    const auto& sequence = names.sequences[i];
    const auto id = static_cast<EntryId>(index().single_count() + i);
    REQUIRE(index().name(id) == sequence.name);  // the case emoji-test.txt gives
    // Typed as shown (`flag: Japan`), and as its folded words
    // (`flag cote d ivoire` for `flag: Côte d’Ivoire`). A name shown with
    // letters or quotes beyond ASCII, typed as it is, identifies them; a
    // `*` (`keycap: *`) is the prefix's mark.
    std::string folded;
    for (const auto& word : fold_words(sequence.name)) (folded += word) += ' ';
    const bool ascii = utf8::is_ascii(sequence.name);
    for (const auto& query : {ascii ? sequence.name : folded, folded}) {
      if (query.find('*') != std::string::npos) continue;
      // Sequences count when names find nothing: the original's answer
      // stands when they do.
      WordList words;
      words.split(query);
      std::vector<EntryId> scratch;
      if (!search(index(), words, scratch).empty()) continue;
      INFO("query: " << query);
      CHECK(holds(found(query), id));
      ++checked;
    }
  }
  CHECK(checked > 4000);
  // Punctuation is not part of a word; a full stop only ends an abbreviation.
  for (const auto& [query, cps] : std::vector<std::pair<std::string, std::u32string>>{
           {"flag keeling", U"\U0001F1E8\U0001F1E8"},
           {"flag st barthelemy", U"\U0001F1E7\U0001F1F1"},
           {"flag us virgin", U"\U0001F1FB\U0001F1EE"},
           {"flag curacao", U"\U0001F1E8\U0001F1FC"},
           {"keycap: 1", U"1\u20E3"},
           {"keycap 1*", U"1\u20E3"}}) {
    INFO(query);
    CHECK(holds(found(query), *entry_of(cps)));
  }
}

TEST_CASE("languages: without one, English keywords count when names find nothing, as aliases do") {
  const auto laugh = found("laugh");
  CHECK(holds(laugh, *index().find(0x1F602)));  // FACE WITH TEARS OF JOY
  CHECK(holds(laugh, *index().find(0x1F923)));  // ROLLING ON THE FLOOR LAUGHING
  // Names that find something keep the original's answer.
  CHECK(found("happy") == std::vector<Result>{*index().find(0x1F64B)});
  CHECK(found("cat face").size() == 10);
}

TEST_CASE("languages: a session sets, says and drops its language, and JSON results carry the short name") {
  test::Session session;
  const auto say = [&](std::string_view line) { return session.say(line); };
  CHECK(say("/lang") == "ok: no language: words find names only; /lang CODE sets one\r\n?> ");
  const auto status = [](std::size_t n) {
    std::string line;
    append_status_line(line, n, LineEnd::crlf);
    return line;
  };
  CHECK(say("chat qui boude") == status(0) + "?> ");
  CHECK(say("/lang fr-CH") ==
        "ok: language fr (français): words find names, keywords and short names in it\r\n?> ");
  CHECK(say("chat qui boude") == "U+1F63E\t\U0001F63E\tPOUTING CAT FACE\r\n" + status(1) + "?> ");
  CHECK(say("/lang xx") == "error: no language xx (/languages lists them)\r\n?> ");
  CHECK(say("/lang fr de") == "error: /lang takes one language code (fr, pt-BR), or off\r\n?> ");
  const auto listed = say("/languages");
  CHECK(listed.starts_with("af          Afrikaans\r\n"));
  CHECK(listed.find("\r\nsr_Cyrl_BA  српски (ћирилица, Босна и Херцеговина)\r\n") != std::string::npos);
  // Each code in a column of 12, or followed by two spaces when longer
  // (ca_ES_valencia): never run into its name.
  std::size_t lines = 0;
  for (std::string_view rest = listed; rest.find("\r\n") != std::string_view::npos; ++lines) {
    const auto line = rest.substr(0, rest.find("\r\n"));
    rest.remove_prefix(line.size() + 2);
    const auto code_end = line.find(' ');
    CAPTURE(line);
    REQUIRE(code_end != std::string_view::npos);
    CHECK(line.find_first_not_of(' ', code_end) == std::max<std::size_t>(12, code_end + 2));
  }
  CHECK(lines == index().locales().size());
  CHECK(say("/format json") == "{\"ok\":\"answers in JSON Lines\"}\r\n?> ");
  CHECK(say("chat qui boude") ==
        "{\"code_points\":[\"U+1F63E\"],\"characters\":\"\U0001F63E\",\"name\":\"POUTING CAT FACE\",\"short_name\":\"chat qui "
        "boude\"}\r\n{\"count\":1}\r\n?> ");
  const auto languages = say("/languages");
  CHECK(languages.starts_with("{\"languages\":[{\"code\":\"af\",\"name\":\"Afrikaans\"},"));
  CHECK(languages.find("{\"code\":\"ja\",\"name\":\"日本語\"}") != std::string::npos);
  CHECK(say("/lang off") == "{\"ok\":\"no language: words find names only; /lang CODE sets one\"}\r\n?> ");
  CHECK(say("chat qui boude") == "{\"count\":0}\r\n?> ");
  // In any case, as codes are.
  CHECK(say("/lang FR").starts_with("{\"ok\":\"language fr "));
  CHECK(say("/lang OFF") == "{\"ok\":\"no language: words find names only; /lang CODE sets one\"}\r\n?> ");
}

TEST_CASE("languages: the image keeps every short name's folded words, numbered in its table, and sequence names folded") {
  // What relevance reads instead of folding at every query: the words a
  // query's folding gives, in every language.
  std::size_t checked = 0, numbered_without_a_name = 0;
  for (const auto& language : index().locales()) {
    std::size_t hint = 0;
    for (EntryId id = 0; id < index().size(); ++id) {
      const auto short_name = language.short_name(id);
      const auto numbered = language.folded_short_name(id, hint);
      if (short_name.empty()) {
        numbered_without_a_name += !numbered.empty();
        continue;
      }
      std::vector<std::string> words;
      for (const auto number : numbered) words.emplace_back(language.words().word(number));
      std::size_t fresh = 0;
      INFO(language.code(), " ", short_name);
      CHECK(words == fold_words(short_name));
      CHECK(numbered.data() == language.folded_short_name(id, fresh).data());
      ++checked;
    }
  }
  CHECK(numbered_without_a_name == 0);
  CHECK(checked > 100'000);
  for (EntryId id = static_cast<EntryId>(index().single_count()); id < index().size(); ++id) {
    INFO(index().name(id));
    CHECK(index().folded_sequence_name(id) == folded_text(index().name(id)));
  }
  CHECK(index().folded_sequence_name(0).empty());
}

TEST_CASE("languages: a short name looked up with a hint is found in any order of ids") {
  const auto& french = locale("fr");
  const auto words = [&](EntryId id, std::size_t& hint) {
    std::string out;
    for (const auto number : french.folded_short_name(id, hint)) out += std::string(french.words().word(number)) + ' ';
    return out;
  };
  std::size_t hint = 0, fresh = 0;
  const auto cat = *index().find(U'\U0001F408');
  const auto grinning = *index().find(U'\U0001F600');
  const auto grinning_words = words(grinning, fresh);
  CHECK(words(grinning, hint) == grinning_words);
  // Backwards, then an entry with none, then forwards again.
  CHECK(words(cat, hint) == "CHAT ");
  CHECK(words(*index().find(U'A'), hint).empty());
  CHECK(words(grinning, hint) == grinning_words);
}
