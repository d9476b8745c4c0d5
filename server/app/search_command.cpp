// mojifinder search and mojifinder languages: the query language from the
// command line, answered as the server answers it.
#include <cstdio>
#include <string>

#include "mojifinder/answer/answer_stream.hpp"
#include "mojifinder/front_end/language_name.hpp"
#include "mojifinder/line/command.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/text/words.hpp"
#include "program.hpp"

namespace mojifinder::program {

void add_search_options(CLI::App& search, SearchOptions& options) {
  search.add_option("WORD", options.words,
                    "Words of the name, in any case ('-' counts as a space; smil* for every word it begins), "
                    "code points (U+1F600, U+2600..U+260F) or characters to identify");
  search.add_flag("--json", options.json, "Print JSON Lines: an object a result, then one with the count");
  search.add_option("--limit", options.limit, "Print at most this many results (0: all)")
      ->check(CLI::Validator(
          [](std::string& text) {
            // The same number syntax as /limit over the wire.
            return parse_limit(text) ? std::string() : "takes " + limit_syntax();
          },
          "0..1000000"));
  search.add_option("--lang", options.language,
                    "Find by the keywords and short names of this language too (fr, ja, pt-BR)")
      ->check(CLI::Validator(
          [](std::string& code) {
            return code.empty() ? std::string("takes a language code (fr, pt-BR); mojifinder languages lists them")
                                : std::string();
          },
          "CODE"));
  search
      .add_option_function<std::string>(
          "--order", [&options](const std::string& name) { options.order = parse_order(name).value_or(Order::codepoint); },
          "Print in code point order (the default), or the best match first")
      ->check(CLI::IsMember({"codepoint", "relevance"}, CLI::ignore_case));
}

namespace {

// What a client sent, quoted in an error: no more than a line's worth, so
// that a 100 KB argument is not echoed whole.
std::string quoted_briefly(std::string_view text) {
  constexpr std::size_t most = 64;
  if (text.size() <= most) return std::string(text);
  auto cut = most;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return std::string(text.substr(0, cut)) + "\u2026 (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace

int run_search(const NameIndex& index, const SearchOptions& options) {
  const auto& words = options.words;
  if (words.empty()) {
    std::fputs("Please give one or more words to search.\n", stderr);
    return exit_usage;
  }
  std::string line;
  for (const auto& word : words) line.append(word).push_back(' ');
  // The same query language and the same errors as over the wire.
  const auto text = strip_white_space(line);
  if (text.empty()) {
    std::fputs("Please give one or more words to search.\n", stderr);
    return exit_usage;
  }
  auto error = check_query_text(text);
  using Code = QueryError::Code;
  if (!error && text.front() == '/') {
    error = {Code::not_here, "session commands work over the wire; here, use --json and --limit"};
  }
  Query query{text};
  query.limit = options.limit;
  query.order = options.order;
  if (!error && !options.language.empty()) {
    query.language = index.find_locale(options.language);
    if (query.language == nullptr) {
      error = {Code::unknown_language,
               "no language " + quoted_briefly(options.language) + " (mojifinder languages lists them)"};
    }
  }
  // Streamed as the server streams: `search cjk` holds one piece.
  AnswerStream answer;
  if (!error) error = answer.start(index, query);
  if (error) {
    std::string message;
    append_error(message, AnswerFormat::text, error->detail);
    std::fprintf(stderr, "%s\n", message.c_str());
    return exit_usage;
  }
  const AnswerEncoding encoding{options.json ? AnswerFormat::json : AnswerFormat::text,
                                            LineEnd::lf};
  AnswerPiece piece;
  for (bool last = false; !last;) {
    last = answer.next_piece(encoding, piece);
    for (const auto part : piece.parts) std::fwrite(part.data(), 1, part.size(), stdout);
    if (std::ferror(stdout)) break;
  }
  return finish_output(0);
}

// Every language --lang and /lang take: its code and its name in itself.
int run_languages(const NameIndex& index) {
  for (const auto& locale : index.locales()) {
    std::printf("%.*s\t%s\n", static_cast<int>(locale.code().size()), locale.code().data(),
                language_name(locale.code()).c_str());
  }
  return finish_output(0);
}

}  // namespace mojifinder::program
