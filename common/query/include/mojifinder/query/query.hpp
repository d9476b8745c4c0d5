// What a client asks of the search, whatever carries it: one query value,
// and an error in it as the search states it. Each front end maps what it
// reads (a line, a URL's parameters, the command line) to a Query; each
// encoder (answer.hpp, the HTTP responses) gives a QueryError its own
// form, so nothing here speaks a protocol.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "mojifinder/index/name_index.hpp"

namespace mojifinder {

// Why a query, or a command about queries, cannot be answered: a refusal,
// whose code says its HTTP status and counter (refusal.hpp).
struct QueryError {
  enum class Code : unsigned char {
    not_utf8,              // the text is not UTF-8
    control_character,     // the text holds a control character
    malformed,             // a code point, a range, a prefix, a block or a category not as the language writes it
    too_many_words,        // past max_words_per_query
    too_many_code_points,  // past max_code_points_per_query
    unknown_language,      // no locale of the index has that code
    unknown_command,       // a session command that does not exist
    bad_argument,          // a session command's argument it does not take
    nothing_more,          // /more after an answer that was whole
    line_too_long,         // a line past the decoder's limit
    not_here,              // a session command where no session is (the command line)
  };
  Code code;
  std::string detail;  // what the client is told; it may quote what the client sent
};

// Results one answer may be limited to at most: /limit, `search --limit`
// and the API's limit= alike.
inline constexpr std::size_t max_limit = 1'000'000;

// The order of an answer: code point order, the original's, or the best
// match first (ranked_results.hpp).
enum class Order : unsigned char { codepoint, relevance };

// How a query's language came: chosen (lang=, /lang, --lang), when it only
// adds its words to names and English's; or preferred, the page's guess
// from the browser's Accept-Language, when words that no field holds are
// looked for in every other language too, as without one.
enum class LanguageChoice : unsigned char { chosen, preferred };

// The order a client names (`codepoint`, `relevance`); nullopt for another.
std::optional<Order> parse_order(std::string_view name) noexcept;
std::string_view order_name(Order order) noexcept;

// One query: its text and how its answer is ordered and paged.
struct Query {
  std::string_view text;                        // stripped, and checked by check_query_text()
  const NameIndex::Locale* language = nullptr;  // keywords and short names count too; none: names only
  std::size_t limit = 0;                        // results shown at most; 0: every one
  std::size_t offset = 0;                       // results passed over before the first shown
  Order order = Order::codepoint;
  LanguageChoice language_choice = LanguageChoice::chosen;  // preferred: the page's from Accept-Language
};

// The error for text that is not UTF-8, or that holds a control character
// other than white space (naming the first); nullopt for text a query may
// hold.
std::optional<QueryError> check_query_text(std::string_view text);

// The first control character of `text` (UTF-8) that is not white space.
std::optional<char32_t> first_control_character(std::string_view text) noexcept;

QueryError not_utf8_error();
QueryError control_character_error(char32_t control);

}  // namespace mojifinder
