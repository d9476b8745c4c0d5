// Typos: when a query's words find nothing, a word no table holds is
// searched as the nearest word of the index, and every front end says
// what was searched. Cases are drawn from the data; a brute-force scan of
// every word is the oracle.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/ranked_results.hpp"
#include "mojifinder/query/results.hpp"
#include "support/http_client.hpp"
#include "support/oracles.hpp"
#include "support/session.hpp"

using namespace mojifinder;
using namespace mojifinder::test;

namespace {

const NameIndex& index() { return embedded_name_index(); }

bool all_letters(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Optimal string alignment distance: insertions, deletions,
// substitutions, and swaps of neighbours, each one edit.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string lower(std::string_view word) {
  std::string out(word);
  for (auto& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// The tables a query without a language is corrected from: names, other
// names, English keywords (the last alone being keywords).
std::vector<std::pair<const NameIndex::WordTable*, bool>> tables() {
  return {{&index().name_words(), false}, {&index().other_words(), false}, {&index().find_locale("en")->words(), true}};
}

bool known(std::string_view word) {
  const auto all = tables();
  return std::any_of(all.begin(), all.end(), [&](auto table) { return !table.first->find(word).empty(); });
}

// Whether `typed`, one edit from `word`, is a slip people often make: a
// letter left out, two swapped, a QWERTY neighbour struck, a letter
// doubled.
bool likely_slip(std::string_view typed, std::string_view word) {
  if (word.size() == typed.size() + 1) return true;
  std::size_t at = 0;
  while (typed[at] == word[at]) ++at;  // they differ: one edit apart
  if (typed.size() == word.size() + 1) return (at > 0 && typed[at - 1] == typed[at]) || typed[at + 1] == typed[at];
  if (typed[at + 1] == word[at] && typed[at] == word[at + 1]) return true;
  const std::array<std::string, 3> rows{"QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"};
  const auto key = [&](char c) {
    for (int r = 0; r < 3; ++r) {
      if (const auto col = rows[r].find(c); col != std::string::npos) return std::pair{r, 4 * static_cast<int>(col) + (r == 0 ? 0 : r == 1 ? 1 : 3)};
    }
    return std::pair{99, 0};
  };
  const auto [row_a, x_a] = key(typed[at]);
  const auto [row_b, x_b] = key(word[at]);
  return (row_a == row_b && std::abs(x_a - x_b) == 4) || (std::abs(row_a - row_b) == 1 && std::abs(x_a - x_b) <= 4);
}

// The scan's correction of `word`, by the rule: fewest edits, the likelier
// slip, a keyword first, the most entries, byte order; nullopt when none
// is near enough.
std::optional<std::string> scanned_correction(std::string_view word) {
  const std::size_t allowed = word.size() < 4 ? 0 : word.size() < 8 ? 1 : 2;
  // edits, not a likely slip, not a keyword, -entries, word
  std::optional<std::tuple<std::size_t, bool, bool, std::size_t, std::string>> best;
  for (const auto& [table, keyword] : tables()) {
    for (std::size_t i = 0; i < table->count(); ++i) {
      const auto candidate = table->word(i);
      if (!all_letters(candidate) || candidate.size() + allowed < word.size() || candidate.size() > word.size() + allowed) {
        continue;
      }
      const auto edits = edit_distance(word, candidate);
      if (edits > allowed) continue;
      const auto entries = table->entries_of(i).size();
      const bool likely = edits == 1 && likely_slip(word, candidate);
      const std::tuple<std::size_t, bool, bool, std::size_t, std::string> key{edits, !likely, !keyword, SIZE_MAX - entries,
                                                                              std::string(candidate)};
      if (!best || key < *best) best = key;
    }
  }
  if (!best) return std::nullopt;
  return std::get<4>(*best);
}

// Typos of English keywords that are name words too (words people type
// and names hold), three of each, drawn across the table.
std::vector<std::string> typos() {
  std::vector<std::string> out;
  const auto& names = index().name_words();
  const auto& english = index().find_locale("en")->words();
  for (std::size_t i = 0; i < english.count(); i += 17) {
    const auto word = english.word(i);
    if (!all_letters(word) || word.size() < 5 || word.size() > 11 || names.find(word).empty()) continue;
    std::string dropped(word), swapped(word), changed(word);
    dropped.erase(word.size() / 2, 1);
    std::swap(swapped[1], swapped[2]);
    changed[word.size() - 2] = changed[word.size() - 2] == 'Q' ? 'X' : 'Q';
    for (const auto& typo : {dropped, swapped, changed}) {
      if (typo != word && !known(typo)) out.push_back(typo);
    }
  }
  return out;
}

std::vector<Result> answer(std::string_view query, const NameIndex::Locale* language = nullptr) {
  std::string error;
  return find_all(index(), query, error, language);
}

}  // namespace

TEST_CASE("typos: a word no table holds is searched as the nearest word, by the rule, and answers as that word") {
  const auto cases = typos();
  REQUIRE(cases.size() >= 60);
  std::size_t corrected = 0;
  for (const auto& typo : cases) {
    CAPTURE(typo);
    const auto expected = scanned_correction(typo);
    Results results;
    REQUIRE_FALSE(results.start(index(), typo));
    std::vector<Result> found;
    std::array<Result, 256> batch;
    while (!results.done()) {
      const auto n = results.next(batch);
      found.insert(found.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(n));
    }
    if (!expected) {
      CHECK(results.corrected_query().empty());
      CHECK(found.empty());
      continue;
    }
    ++corrected;
    CHECK(results.corrected_query() == lower(*expected));
    CHECK(results.asked_query() == typo);
    CHECK(found == answer(*expected));
    CHECK_FALSE(found.empty());
  }
  // Nearly every typo of a word people type has a correction.
  CHECK(corrected * 10 >= cases.size() * 9);
}

TEST_CASE("typos: one edit for words of 4 to 7 letters, two from 8, and shorter words, digits and prefixes are not guessed at") {
  const auto corrected = [](std::string_view query, const NameIndex::Locale* language = nullptr) {
    Results results;
    REQUIRE_FALSE(results.start(index(), query, language));
    std::array<Result, 256> batch;
    while (!results.done()) results.next(batch);
    return std::string(results.corrected_query());
  };
  CHECK(corrected("pecil") == "pencil");        // a letter dropped
  CHECK(corrected("umbrela") == "umbrella");
  CHECK(corrected("smilnig cat") == "smiling cat");  // a swap is one edit
  CHECK(corrected("telefone") == "telephone");  // two edits from 8 letters
  CHECK(corrected("telefon") == "");            // ... but not at 7
  CHECK(corrected("catt") == "cat");
  CHECK(corrected("casle") == "castle");        // a letter left out before another struck
  CHECK(corrected("shild") == "shield");
  CHECK(corrected("cta") == "");                // three letters: too many neighbours
  CHECK(corrected("pecil*") == "");
  CHECK(corrected("pecil9") == "");
  CHECK(corrected("cat face") == "");           // found: nothing to correct
  CHECK(corrected("pinatta") == "pinata");
  CHECK(corrected("piñatta") == "");            // beyond ASCII: identified instead
  CHECK(answer("piñatta").size() == 7);
  // Property tokens stay as they were asked, before the words.
  CHECK(corrected("block:arrows duoble") == "block:arrows double");
  CHECK(answer("block:arrows duoble") == answer("block:arrows double"));
  // With a language, its keywords are words to correct to, before names'.
  const auto* french = index().find_locale("fr");
  CHECK(corrected("chta", french) == "chat");
  CHECK(answer("chta", french) == answer("chat", french));
  CHECK(corrected("coeru", french) == "coeur");
}

TEST_CASE("typos: a line of unknown words costs calls of bounded work, and finds nothing") {
  // 64 long words near nothing, then eight near something with a word
  // that is near nothing last, then too many to be slips.
  std::string nonsense, near, many;
  for (int i = 0; i < 64; ++i) (nonsense += "qzxjvkwpqz") += static_cast<char>('a' + i % 26), nonsense += ' ';
  for (const auto* word : {"pecil ", "umbrela ", "smilnig ", "telefone ", "qzxjvkwpqz"}) near += word;
  for (const auto* word : {"pecil ", "umbrela ", "smilnig ", "telefone ", "catt"}) many += word;
  for (const auto& query : {nonsense, near, many}) {
    CAPTURE(query);
    Results results;
    REQUIRE_FALSE(results.start(index(), query));
    std::array<Result, 256> batch;
    std::size_t calls = 0, found = 0;
    while (!results.done()) {
      std::size_t work = work_per_call;
      found += results.next(batch, work);
      ++calls;
      REQUIRE(calls < 200);
    }
    CHECK(found == 0);
    CHECK(results.corrected_query().empty());
    CHECK(results.held_bytes() < 16 * 1024);
  }
}

TEST_CASE("typos: a line of long words each two edits from a word walks no more than a query's bound in all") {
  // Each such word walks far before its word is found; together they
  // share one bound of trie nodes (32 K nodes at 64 steps a node: 64
  // calls' work), so that the line costs a few times a hostile line of
  // words near nothing, not the sum of its words' walks.
  for (const auto* query : {"compxtibqlity parextheqized countxrcloqkwise qzxjvkwpqzmbtlqzxjvkwpqzmbtlqzx",
                            "compxtibqlity parextheqized countxrcloqkwise perpxndiqular qzxjvkwpqzmbtl",
                            "countxrcloqkwise antixlocqwise perpxndiqular mathxmatqcal"}) {
    CAPTURE(query);
    Results results;
    REQUIRE_FALSE(results.start(index(), query));
    std::array<Result, 256> batch;
    std::size_t calls = 0;
    while (!results.done()) {
      std::size_t work = work_per_call;
      results.next(batch, work);
      ++calls;
    }
    CHECK(calls <= 68);
  }
  // One such word alone is still corrected.
  Results one;
  REQUIRE_FALSE(one.start(index(), "compxtibqlity"));
  std::array<Result, 256> batch;
  while (!one.done()) one.next(batch);
  CHECK(one.corrected_query() == "compatibility");
}

TEST_CASE("typos: ranked by what was searched, in relevance order too") {
  RankedResults results;
  REQUIRE_FALSE(results.start(index(), "catt face", nullptr, Order::relevance, 0));
  std::array<Result, 256> batch;
  std::vector<Result> found;
  while (!results.done()) {
    const auto n = results.next(batch);
    found.insert(found.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(n));
  }
  REQUIRE_FALSE(found.empty());
  CHECK(index().name(found.front()) == "CAT FACE");
  CHECK(results.corrected_query() == "cat face");
}

TEST_CASE("typos: the session's status line and JSON Lines say what was searched, on exact bytes") {
  Session session;
  std::string pencil;
  append_answer(pencil, index(), answer("pencil"), LineEnd::crlf);
  const auto status_at = pencil.rfind("\xE2\x94\x80 ") + 4;  // after the rule
  const auto expected = pencil.substr(0, status_at) + "0 found for pecil; showing pencil, " + pencil.substr(status_at);
  CHECK(session.say("pecil") == expected + "?> ");
  CHECK(session.say("  PECIL  ") == expected.substr(0, expected.find("for ") + 4) + "PECIL" +
                                        expected.substr(expected.find("for ") + 9) + "?> ");
  session.say("/format json");
  std::string json;
  append_answer(json, index(), answer("pencil"), LineEnd::crlf, AnswerFormat::json);
  const auto count_end = json.rfind('}');
  CHECK(session.say("pecil") == json.substr(0, count_end) + ",\"corrected_query\":\"pencil\"}\r\n?> ");
  // A page of it: the count, the correction, then which were shown.
  session.say("/limit 1");
  CHECK(session.say("pecil").ends_with("{\"count\":" + std::to_string(answer("pencil").size()) +
                                       ",\"corrected_query\":\"pencil\",\"first\":1,\"last\":1}\r\n?> "));
  session.say("/format text");
  CHECK(session.say("pecil").ends_with(" 0 found for pecil; showing pencil, " + std::to_string(answer("pencil").size()) +
                                       " found, 1 to 1 shown\r\n?> "));
}

TEST_CASE("typos: HTTP says what was searched in X-Corrected-Query, and the page in its caption") {
  Client client;
  std::string pencil;
  append_answer(pencil, index(), answer("pencil"), LineEnd::crlf, AnswerFormat::json_array);
  const auto response = client.send("GET /search?q=pecil HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(response.find("\r\nX-Total-Count: " + std::to_string(answer("pencil").size()) + "\r\nX-Corrected-Query: pencil\r\n") !=
        std::string::npos);
  std::string bytes = response;
  const auto parsed = take_response(bytes);
  REQUIRE(parsed);
  CHECK(parsed->body == pencil);
  const auto found = client.send("GET /search?q=pencil HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(found.find("X-Corrected-Query") == std::string::npos);
  const auto nothing = client.send("GET /search?q=qzxjvkwpqz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(nothing.find("X-Corrected-Query") == std::string::npos);
  bytes = nothing;
  CHECK(take_response(bytes)->body == "[]");
  const auto page = client.send("GET /?q=smilnig+cat&lang= HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(page.find(">Nothing found for smilnig cat; showing smiling cat: " + std::to_string(answer("smiling cat").size()) +
                  " characters found<") != std::string::npos);
}
