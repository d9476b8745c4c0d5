#include "mojifinder/query/results.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "mojifinder/answer/answer.hpp"
#include "mojifinder/embedded_index.hpp"
#include "support/oracles.hpp"

using namespace mojifinder;

namespace {

const NameIndex& index() { return embedded_name_index(); }

// The lines of the answer to `query`, without the status line.
std::string lines_of(std::string_view query) {
  std::string error;
  const auto results = find_all(index(), query, error);
  REQUIRE(error.empty());
  std::string out;
  for (const auto result : results) append_result(out, index(), result, LineEnd::lf);
  return out;
}

std::string error_of(std::string_view query) {
  std::string error;
  const auto results = find_all(index(), query, error);
  CHECK(results.empty());
  return error;
}

// Every character whose name's words satisfy `holds`, by scanning them all.
std::vector<Result> scan(const auto& holds) {
  std::vector<Result> out;
  WordList words;
  for (EntryId id = 0; id < index().single_count(); ++id) {
    const auto cp = index().code_point(id);
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) continue;  // controls have aliases, not names
    words.split(index().name(id));
    if (holds(words.words())) out.push_back(id);
  }
  return out;
}

bool has_word(std::span<const std::string_view> words, std::string_view word) {
  return std::ranges::find(words, word) != words.end();
}

bool has_prefix(std::span<const std::string_view> words, std::string_view prefix) {
  return std::ranges::any_of(words, [&](std::string_view w) { return w.starts_with(prefix); });
}

}  // namespace

TEST_CASE("results: a query of words answers as the index's search, the original's answer") {
  for (const auto query : {"cat face", "sign", "Heavy-DOLLAR sign", "brillig", "latin small letter a"}) {
    WordList words;
    words.split(query);
    std::vector<EntryId> scratch;
    const auto searched = search(index(), words, scratch);
    std::string error;
    const auto found = find_all(index(), query, error);
    CHECK(error.empty());
    CHECK(std::ranges::equal(found, searched));
  }
  // White space beyond ASCII still only separates words.
  std::string error;
  CHECK(find_all(index(), "cat\u00A0face", error).size() == 10);
}

TEST_CASE("results: a word ending in * stands for every name word it begins") {
  std::string error;
  const auto found = find_all(index(), "smil* cat", error);
  CHECK(error.empty());
  const auto expected = scan([](auto words) { return has_word(words, "CAT") && has_prefix(words, "SMIL"); });
  CHECK(found == expected);
  CHECK(found.size() == 4);
  // Several prefixes, in any case, and a prefix that is a whole word too.
  CHECK(find_all(index(), "gre* HEA*", error) ==
        scan([](auto words) { return has_prefix(words, "GRE") && has_prefix(words, "HEA"); }));
  CHECK(find_all(index(), "cat*", error) == scan([](auto words) { return has_prefix(words, "CAT"); }));
  CHECK(find_all(index(), "zzzq*", error).empty());
  CHECK(error_of("*") == "error: a prefix is letters or digits followed by one * (smil*)");
  CHECK(error_of("ca*t*") == "error: a prefix is letters or digits followed by one * (smil*)");
  // A misplaced * is an error whatever else the query holds, not only
  // beside a prefix.
  for (const auto query : {"a*b", "*a", "smil*x", "cat a*b", "a*b c*", "*a face"}) {
    CAPTURE(query);
    CHECK(error_of(query) == "error: a prefix is letters or digits followed by one * (smil*)");
  }
}

TEST_CASE("results: a line with characters beyond ASCII identifies each code point, in order") {
  CHECK(lines_of("€") == "U+20AC\t€\tEURO SIGN\n");
  CHECK(lines_of("a€ 😀") ==
        "U+0061\ta\tLATIN SMALL LETTER A\n"
        "U+20AC\t€\tEURO SIGN\n"
        "U+0020\t \tSPACE\n"
        "U+1F600\t😀\tGRINNING FACE\n");
  // A character with no name still gets its line.
  CHECK(lines_of("\xEE\x80\x80") == "U+E000\t\xEE\x80\x80\t<private use>\n");
}

TEST_CASE("results: code points and ranges, in any case, named or not") {
  CHECK(lines_of("U+1F600 u+20ac") == "U+1F600\t😀\tGRINNING FACE\nU+20AC\t€\tEURO SIGN\n");
  CHECK(lines_of("U+2600..u+2602") ==
        "U+2600\t☀\tBLACK SUN WITH RAYS\nU+2601\t☁\tCLOUD\nU+2602\t☂\tUMBRELLA\n");
  CHECK(lines_of("U+0378") == "U+0378\t\xCD\xB8\t<unassigned>\n");
  CHECK(lines_of("U+FFFE") == "U+FFFE\t\xEF\xBF\xBE\t<noncharacter>\n");
  // What a terminal must not get raw is shown by a stand-in.
  CHECK(lines_of("U+0000 U+001B U+007F U+0085 U+0080 U+D800") ==
        "U+0000\t␀\tNULL\nU+001B\t␛\tESCAPE\nU+007F\t␡\tDELETE\n"
        "U+0085\t␤\tNEXT LINE\nU+0080\t\xEF\xBF\xBD\t<control>\nU+D800\t\xEF\xBF\xBD\t<surrogate>\n");
  CHECK(lines_of("U+2028 U+202E") == "U+2028\t␤\tLINE SEPARATOR\nU+202E\t\xEF\xBF\xBD\tRIGHT-TO-LEFT OVERRIDE\n");
}

TEST_CASE("results: a range is bounded, and malformed ones are refused with a clear error") {
  std::string error;
  CHECK(find_all(index(), "U+0..U+FFF", error).size() == max_code_points_per_query);  // at the limit
  CHECK(find_all(index(), "U+0..U+FFE", error).size() == max_code_points_per_query - 1);
  CHECK(error_of("U+0..U+1000") == "error: too many code points (at most 4096 in one query)");
  CHECK(error_of("U+0..U+FFF U+1F600") == "error: too many code points (at most 4096 in one query)");
  CHECK(error_of("U+110000") == "error: U+110000 is past U+10FFFF");
  CHECK(error_of("U+2603..U+2600") == "error: the range U+2603..U+2600 runs backwards");
  // `+` is in no name, so a token that starts with U+ is a code point or
  // an error naming what is wrong, never a word that silently finds nothing.
  const std::string digits = " is not a code point: U+ and 1 to 6 hex digits (U+1F600)";
  CHECK(error_of("U+12G4") == "error: U+12G4" + digits);
  CHECK(error_of("U+0010FFFF") == "error: U+0010FFFF" + digits);
  CHECK(error_of("U+0000041") == "error: U+0000041" + digits);
  CHECK(error_of("U+1000000") == "error: U+1000000" + digits);
  CHECK(error_of("U+") == "error: U+" + digits);
  CHECK(error_of("U+FFFFFF") == "error: U+FFFFFF is past U+10FFFF");
  const std::string range = " is not a range: U+XXXX..U+YYYY (U+2600..U+260F)";
  CHECK(error_of("u+1f600..") == "error: u+1f600.." + range);
  CHECK(error_of("U+41..U+42..U+43") == "error: U+41..U+42..U+43" + range);
  CHECK(error_of("U+41...U+43") == "error: U+41...U+43" + range);
  CHECK(error_of("U+1F600 cat") ==
        "error: cat is not a code point: a query of code points holds only code points (U+1F600) and ranges "
        "(U+2600..U+260F)");
  CHECK(error_of("cat U+1F600").starts_with("error: cat is not a code point"));
  // Every white space separates code points, as it separates words.
  for (const std::string space : {" ", "\t", "\x1C", "\xE3\x80\x80", "\xE2\x80\xA8", "\xC2\xA0", "\xC2\x85"}) {
    CAPTURE(space);
    const auto found = find_all(index(), "U+41" + space + "U+42", error);
    CHECK(error.empty());
    CHECK(found.size() == 2);
  }
}

TEST_CASE("results: a query that is an alias finds its characters beside the names, sequences when names find nothing") {
  CHECK(lines_of("zwj") == "U+200D\t\u200D\tZERO WIDTH JOINER\nU+16B67\t\U00016B67\tPAHAWH HMONG SIGN ZWJ THAJ\n");
  CHECK(lines_of("nbsp") == "U+00A0\t\u00A0\tNO-BREAK SPACE\n");
  CHECK(lines_of("lf") == "U+000A\t␊\tLINE FEED\n");
  CHECK(lines_of("nul").starts_with("U+0000\t␀\tNULL\n"));
  CHECK(lines_of("bom").find("U+FEFF\t\uFEFF\tZERO WIDTH NO-BREAK SPACE\n") != std::string::npos);
  CHECK(lines_of("flag japan") == "U+1F1EF U+1F1F5\t\U0001F1EF\U0001F1F5\tflag: Japan\n");
  CHECK(lines_of("family man woman girl").starts_with(
      "U+1F468 U+200D U+1F469 U+200D U+1F467\t\U0001F468\u200D\U0001F469\u200D\U0001F467\tfamily: man, woman, girl\n"));
  CHECK(lines_of("thumbs up medium skin tone").find("U+1F44D U+1F3FD\t\U0001F44D\U0001F3FD\tthumbs up: medium skin tone\n") !=
        std::string::npos);
  CHECK(lines_of("null") == "U+0000\t␀\tNULL\nU+2400\t␀\tSYMBOL FOR NULL\nU+1D159\t\U0001D159\tMUSICAL SYMBOL NULL NOTEHEAD\n");
  // Alias words count only when names find nothing.
  CHECK(lines_of("order mark byte") == "U+FEFF\t\uFEFF\tZERO WIDTH NO-BREAK SPACE\n");  // BYTE ORDER MARK
  // A query that names find, and that is no alias, answers as the original:
  // BREAK is a word of NO BREAK HERE's alias, CAT of sequences' names.
  for (const auto query : {"break", "cat", "heart", "smiling face"}) {
    std::string error;
    WordList words;
    words.split(query);
    std::vector<EntryId> scratch;
    CHECK(std::ranges::equal(find_all(index(), query, error), search(index(), words, scratch)));
  }
}

TEST_CASE("results: repeated and overlapping prefixes answer as the scan, each word counting once") {
  std::string error;
  const auto c = scan([](auto words) { return has_prefix(words, "C"); });
  CHECK(c.size() > 50'000);  // CJK among them: the costliest prefix there is
  std::string repeated;
  for (int i = 0; i < 1365; ++i) repeated += "c* ";
  CHECK(find_all(index(), repeated, error) == c);
  // A longer prefix, or a word, that a prefix begins: only it counts.
  CHECK(find_all(index(), "c* ca* cat*", error) == scan([](auto words) { return has_prefix(words, "CAT"); }));
  CHECK(find_all(index(), "c* cat c*", error) == scan([](auto words) { return has_word(words, "CAT"); }));
  CHECK(find_all(index(), "ca* fa* c*", error) ==
        scan([](auto words) { return has_prefix(words, "CA") && has_prefix(words, "FA"); }));
  // Prefixes that begin no common word: disjoint, each gathered in turn.
  CHECK(find_all(index(), "l* s* c*", error) == scan([](auto words) {
          return has_prefix(words, "L") && has_prefix(words, "S") && has_prefix(words, "C");
        }));
  CHECK(find_all(index(), "cat face c* f*", error) ==
        scan([](auto words) { return has_word(words, "CAT") && has_word(words, "FACE"); }));
}

TEST_CASE("results: any query is answered in calls of bounded work, holding at most one bitmap of the index") {
  const std::size_t bitmap_bytes = (index().size() + 63) / 64 * 8;
  std::string many_prefixes;
  for (char a = 'a'; a <= 'z'; ++a) (many_prefixes += a) += "* ";
  std::string a_line_of_c;
  for (int i = 0; i < 1365; ++i) a_line_of_c += "c* ";
  for (const std::string& query : {a_line_of_c, many_prefixes, std::string("c* l* s*"), std::string("cjk latin"),
                                  std::string("letter sign"), std::string("ca* fa* c*")}) {
    CAPTURE(query);
    Results results;
    REQUIRE_FALSE(results.start(index(), query));
    std::array<Result, 256> batch;
    std::size_t calls = 0, found = 0, held = 0;
    while (!results.done()) {
      std::size_t work = work_per_call;
      found += results.next(batch, work);
      held = std::max(held, results.held_bytes());
      ++calls;
      REQUIRE(calls < 10'000);
    }
    std::string error;
    CHECK(found == find_all(index(), query, error).size());
    // Held: the filter, and a second bitmap while a later term is gathered.
    CHECK(held <= 2 * bitmap_bytes + 4096);
  }
  // A query of more different words than any name holds is refused.
  std::string words;
  for (int i = 0; i <= static_cast<int>(max_words_per_query); ++i) (words += 'w').append(std::to_string(i)) += ' ';
  CHECK(error_of(words) == "error: too many words (at most 64 different ones in one query)");
  std::string prefixes;
  for (int i = 0; i <= static_cast<int>(max_words_per_query); ++i) (prefixes += 'w').append(std::to_string(i)) += "* ";
  CHECK(error_of(prefixes) == "error: too many words (at most 64 different ones in one query)");
  std::string repeated_words;
  for (int i = 0; i <= 1000; ++i) repeated_words += "cat face ";
  std::string error;
  CHECK(find_all(index(), repeated_words, error).size() == 10);
}

TEST_CASE("results: every query ends under any work budget, however small") {
  // A budget smaller than one bitmap still makes progress at every call.
  for (const auto query : {"c*", "cjk latin", "l* s* c*", "order mark byte", "flag japan", "U+0..U+FFF", "é€😀"}) {
    CAPTURE(std::string(query));
    for (const std::size_t budget : {1, 7, 1000}) {
      Results results;
      REQUIRE_FALSE(results.start(index(), query));
      std::array<Result, 256> batch;
      std::vector<Result> found;
      for (int calls = 0; !results.done() && calls < 5'000'000; ++calls) {
        std::size_t work = budget;
        const auto n = results.next(batch, work);
        found.insert(found.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(n));
      }
      CHECK(results.done());
      std::string error;
      CHECK(found == find_all(index(), query, error));
    }
  }
}
