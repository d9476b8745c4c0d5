// Any language without choosing one: in relevance order without lang=, a
// query whose words no name nor English field holds is looked for in
// every language's keywords and short names before it is taken for a typo
// or identified, searched in the first that holds every word, and the
// answer says which, on every front end.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/ranked_results.hpp"
#include "mojifinder/query/results.hpp"
#include "mojifinder/text/fold.hpp"
#include "support/http_client.hpp"
#include "support/oracles.hpp"
#include "support/session.hpp"

using namespace mojifinder;
using namespace mojifinder::test;

namespace {

const NameIndex& index() { return embedded_name_index(); }

// The rule, read plainly: of the languages whose table holds every folded
// word, English aside (searched already), one without a region or script
// before any with one, then the most speakers, then the lowest code.
const NameIndex::Locale* language_of(std::string_view query) {
  const NameIndex::Locale *best = nullptr, *english = index().find_locale("en");
  const auto better = [](const NameIndex::Locale& a, const NameIndex::Locale& b) {
    const bool a_regional = a.code().find('_') != std::string_view::npos;
    const bool b_regional = b.code().find('_') != std::string_view::npos;
    if (a_regional != b_regional) return !a_regional;
    if (a.speakers_thousands() != b.speakers_thousands()) return a.speakers_thousands() > b.speakers_thousands();
    return a.code() < b.code();
  };
  for (const auto& locale : index().locales()) {
    if (&locale == english) continue;
    bool all = true;
    for (const auto& word : fold_words(query)) {
      const bool part = is_written_without_spaces(word);
      const auto [from, to] = locale.words().starting_with(word);
      all = all && (part ? from < to : !locale.words().find(word).empty());
    }
    if (all && (best == nullptr || better(locale, *best))) best = &locale;
  }
  return best;
}

struct Answer {
  std::vector<Result> results;
  const NameIndex::Locale* found_in = nullptr;
  std::size_t calls = 0;
};

Answer ranked(std::string_view query, Order order = Order::relevance, std::size_t work_a_call = work_per_call,
              const NameIndex::Locale* language = nullptr) {
  RankedResults results;
  REQUIRE_FALSE(results.start(index(), query, language, order, 0));
  Answer out;
  std::array<Result, 256> batch;
  while (!results.done()) {
    std::size_t work = work_a_call;
    const auto n = results.next(batch, work);
    out.results.insert(out.results.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(n));
    ++out.calls;
  }
  out.found_in = results.found_in_language();
  std::sort(out.results.begin(), out.results.end());
  return out;
}

}  // namespace

TEST_CASE("any language: words no English field holds are searched in the first language that holds them all") {
  const auto cat = *index().find(U'\U0001F408');
  const auto heart = *index().find(U'\u2764');
  for (const auto& [query, meant] : std::vector<std::pair<std::string, EntryId>>{
           {"gato", cat}, {"katze", cat}, {"кошка", cat}, {"corazón", heart}, {"herz", heart}, {"ねこ", cat}}) {
    CAPTURE(query);
    const auto* expected = language_of(query);
    REQUIRE(expected != nullptr);
    const auto answer = ranked(query);
    REQUIRE(answer.found_in != nullptr);
    CHECK(answer.found_in->code() == expected->code());
    // As if that language had been chosen.
    std::string error;
    CHECK(answer.results == find_all(index(), query, error, expected, Fields::every_field));
    CHECK(std::binary_search(answer.results.begin(), answer.results.end(), meant));
  }
  // Words an English field holds are not looked for elsewhere; nor are
  // they in code point order, nor with a language chosen.
  CHECK(ranked("cat").found_in == nullptr);
  CHECK(ranked("chat").found_in == nullptr);  // YI SYLLABLE CHAT
  const auto plain = ranked("gato", Order::codepoint);
  CHECK(plain.found_in == nullptr);
  std::string error;
  auto original = find_all(index(), "gato", error);
  std::sort(original.begin(), original.end());
  CHECK(plain.results == original);
  CHECK(ranked("gato", Order::relevance, work_per_call, index().find_locale("de")).found_in == nullptr);
  // Words in no language are corrected or identified as before.
  CHECK(ranked("qzxjvkwpqz").found_in == nullptr);
  CHECK(ranked("qzxjvkwpqz").results.empty());
  // A lone ideograph is a word of the languages written without spaces:
  // what their keywords call so first (🐈), then the character; in code
  // point order it is identified alone, as the original did.
  const auto kanji = *index().find(U'猫');
  const auto neko = ranked("猫");
  REQUIRE(neko.found_in != nullptr);
  CHECK(neko.found_in->code() == language_of("猫")->code());
  CHECK(std::binary_search(neko.results.begin(), neko.results.end(), cat));
  CHECK(std::binary_search(neko.results.begin(), neko.results.end(), kanji));
  RankedResults in_order;
  REQUIRE_FALSE(in_order.start(index(), "猫", nullptr, Order::relevance, 1));
  std::array<Result, 1> first;
  REQUIRE(in_order.next(first) == 1);
  CHECK(first[0] == cat);
  CHECK(neko.results.size() > 1);
  CHECK(ranked("猫", Order::codepoint).results == std::vector<Result>{kanji});
}

TEST_CASE("any language: the look through every language is work of the same bounded calls") {
  // With little work a call, the look takes several calls and finds the
  // same; a line of many words no language holds costs bounded calls.
  const auto whole = ranked("corazón");
  const auto slow = ranked("corazón", Order::relevance, 512);
  CHECK(slow.results == whole.results);
  CHECK(slow.found_in == whole.found_in);
  CHECK(slow.calls > whole.calls + 4);
  std::string many;
  for (int i = 0; i < 64; ++i) many += "qzx" + std::to_string(i) + "vkw ";
  const auto nothing = ranked(many);
  CHECK(nothing.results.empty());
  MESSAGE(nothing.calls, " calls for 64 words no language holds");
}

TEST_CASE("any language: the status line, JSON Lines, X-Found-In-Language and the page's caption say which, on "
          "exact bytes") {
  const auto answer = ranked("gato");
  REQUIRE(answer.found_in != nullptr);
  const std::string code(answer.found_in->code());
  const auto count = std::to_string(answer.results.size());
  Session session;
  session.say("/order relevance");
  const auto text = session.say("gato");
  CHECK(text.ends_with(" " + count + " found in " + code + "\r\n?> "));
  session.say("/format json");
  CHECK(session.say("gato").ends_with("{\"count\":" + count + ",\"language\":\"" + code + "\"}\r\n?> "));
  session.say("/limit 1");
  CHECK(session.say("gato").ends_with("{\"count\":" + count + ",\"language\":\"" + code +
                                      "\",\"first\":1,\"last\":1}\r\n?> "));
  session.say("/format text");
  CHECK(session.say("gato").ends_with(" " + count + " found in " + code + ", 1 to 1 shown\r\n?> "));
  // Found by English: said as before.
  CHECK(session.say("/limit 0").starts_with("ok: "));
  CHECK(session.say("cat face").ends_with(" found\r\n?> "));

  Client client;
  const auto found = client.send("GET /search?q=gato&order=relevance HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(found.find("\r\nX-Total-Count: " + count + "\r\nX-Found-In-Language: " + code + "\r\n") != std::string::npos);
  for (const auto* request : {"GET /search?q=gato HTTP/1.1\r\nHost: x\r\n\r\n",
                              "GET /search?q=gato&order=relevance&lang=de HTTP/1.1\r\nHost: x\r\n\r\n",
                              "GET /search?q=cat&order=relevance HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    CAPTURE(request);
    CHECK(client.send(request).find("X-Found-In-Language") == std::string::npos);
  }
  const auto page = client.send("GET /?q=gato&lang= HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(page.find(">" + count + " characters found in " + code + "</p>") != std::string::npos);
}

TEST_CASE("any language: the page's language from Accept-Language comes first, and another's words are still found") {
  const auto* english = index().find_locale("en");
  const auto* french = index().find_locale("fr");
  const auto* spanish = index().find_locale("es");
  REQUIRE((english && french && spanish));
  const auto found_in = [](std::string_view query, const NameIndex::Locale* language, LanguageChoice choice) {
    RankedResults results;
    REQUIRE_FALSE(results.start(index(), query, language, Order::relevance, 0, choice));
    std::array<Result, 256> batch;
    std::size_t count = 0;
    while (!results.done()) count += results.next(batch);
    CHECK(count > 0);
    return results.found_in_language();
  };
  // Preferred, as the page takes it from the browser: words of no field of
  // it are looked for in the others; its own are found in it.
  CHECK(found_in("gato", english, LanguageChoice::preferred) == language_of("gato"));
  CHECK(found_in("gato", spanish, LanguageChoice::preferred) == nullptr);
  // arbre is French first, by speakers, and Catalan too.
  REQUIRE(language_of("arbre") == french);
  CHECK(found_in("arbre", index().find_locale("ca"), LanguageChoice::preferred) == nullptr);
  // Chosen, a language only adds.
  CHECK(found_in("cat", french, LanguageChoice::chosen) == nullptr);
  RankedResults chosen;
  REQUIRE_FALSE(chosen.start(index(), "gato", english, Order::relevance, 0, LanguageChoice::chosen));
  std::array<Result, 256> batch;
  while (!chosen.done()) chosen.next(batch);
  CHECK(chosen.found_in_language() == nullptr);

  // The page: an English browser finds Spanish words, and says so; a
  // Spanish one finds them as its own; lang= chosen looks no further.
  const auto es = std::string(language_of("gato")->code());
  Client client;
  const auto page = [&](std::string_view target, std::string_view accept_language) {
    return client.send("GET " + std::string(target) + " HTTP/1.1\r\nHost: x\r\nAccept-Language: " +
                       std::string(accept_language) + "\r\n\r\n");
  };
  CHECK(page("/?q=gato", "en-US, en;q=0.9").find(" characters found in " + es + "</p>") != std::string::npos);
  const auto spanish_page = page("/?q=gato", "es-ES");
  CHECK(spanish_page.find(" characters found</p>") != std::string::npos);
  CHECK(spanish_page.find(" found in ") == std::string::npos);
  CHECK(page("/?q=arbre", "ca").find(" characters found</p>") != std::string::npos);
  CHECK(page("/?q=arbre&lang=", "fr").find(" found in " + std::string(language_of("arbre")->code()) + "</p>") !=
        std::string::npos);
  CHECK(page("/?q=gato&lang=en", "es").find(" found in ") == std::string::npos);
  // The page's script asks the API so: prefer_lang= (lang= chosen wins).
  const auto api = [&](std::string_view target) { return page(target, "es"); };
  CHECK(api("/search?q=gato&prefer_lang=en&order=relevance").find("\r\nX-Found-In-Language: " + es + "\r\n") !=
        std::string::npos);
  CHECK(api("/search?q=gato&prefer_lang=es&order=relevance").find("X-Found-In-Language") == std::string::npos);
  CHECK(api("/search?q=gato&lang=en&prefer_lang=en&order=relevance").find("X-Found-In-Language") == std::string::npos);
  CHECK(api("/search?q=gato&prefer_lang=xx").starts_with("HTTP/1.1 422 "));
  CHECK(api("/search?q=gato&prefer_lang=%zz").starts_with("HTTP/1.1 400 "));
}
