#include "mojifinder/line/command.hpp"

#include <charconv>

#include "mojifinder/text/words.hpp"

namespace mojifinder {

namespace {

// The command word and what follows it, split at white space as a query
// is (the line is stripped already).
std::pair<std::string_view, std::string_view> split_command(std::string_view line) {
  auto rest = line;
  const auto name = next_token(rest);
  return {name, strip_white_space(rest)};
}

Command invalid(QueryError::Code code, std::string detail) {
  Command command;
  command.error = QueryError{code, std::move(detail)};
  return command;
}

Command bad_argument(std::string detail) { return invalid(QueryError::Code::bad_argument, std::move(detail)); }

}  // namespace

std::optional<std::size_t> parse_limit(std::string_view text) noexcept {
  // Decimal digits only: no sign, no space, no 0x, no exponent.
  if (text.empty() || text.size() > 7 || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t limit = 0;
  std::from_chars(text.data(), text.data() + text.size(), limit);
  if (limit > max_limit) return std::nullopt;
  return limit;
}

std::string limit_syntax() { return "a number of results from 0 (no limit) to " + std::to_string(max_limit); }

Command parse_command(std::string_view line) {
  const auto parts = split_command(line);
  const auto name = parts.first;
  const auto argument = parts.second;
  Command command;
  const auto no_argument = [&](Command::Kind kind) {
    if (!argument.empty()) return bad_argument(std::string(name) + " takes no argument");
    command.kind = kind;
    return command;
  };
  if (name == "/help") return no_argument(Command::Kind::help);
  if (name == "/quit") return no_argument(Command::Kind::quit);
  if (name == "/more") return no_argument(Command::Kind::more);
  if (name == "/stats") return no_argument(Command::Kind::stats);
  if (name == "/languages") return no_argument(Command::Kind::languages);
  if (name == "/lang") {
    auto rest = argument;
    if (next_token(rest) != argument) {
      return bad_argument("/lang takes one language code (fr, pt-BR), or off");
    }
    command.kind = Command::Kind::language;
    command.language = argument;
    return command;
  }
  if (name == "/order") {
    command.kind = Command::Kind::order;
    if (argument.empty()) return command;
    command.order = parse_order(argument);
    if (!command.order) return bad_argument("/order takes codepoint or relevance");
    return command;
  }
  if (name == "/limit") {
    const auto limit = parse_limit(argument);
    if (!limit) return bad_argument("/limit takes " + limit_syntax());
    command.kind = Command::Kind::limit;
    command.limit = *limit;
    return command;
  }
  if (name == "/format") {
    if (argument != "text" && argument != "json") return bad_argument("/format takes text or json");
    command.kind = Command::Kind::format;
    command.format = argument == "json" ? AnswerFormat::json : AnswerFormat::text;
    return command;
  }
  return invalid(QueryError::Code::unknown_command, "unknown command " + std::string(name) + " (/help lists them)");
}

std::string_view help_text() noexcept {
  return
      "Type words to find every character whose name holds them all: cat face\n"
      "  zwj, nbsp, nul     a query that is an alias finds its characters too\n"
      "  flag japan, laugh  emoji sequences, aliases and English keywords, when no name holds the words\n"
      "  smil*              a word ending in * stands for every word it begins\n"
      "  U+1F600            a code point; U+2600..U+260F a range (4096 at most)\n"
      "  block:arrows       a block's characters, category:Sc a category's; with words, those they find\n"
      "  €, 🇯🇵, piñata      beyond ASCII: each character named, an emoji sequence whole; words looked for first\n"
      "  :tada:, :+1:       a shortcode, GitHub's, Slack's or CLDR's\n"
      "  :), <3, ;-)        an emoticon: its emoji\n"
      "  pecil              a word that finds nothing: the nearest word is searched, and the status line says so\n"
      "Commands:\n"
      "  /help              this text\n"
      "  /quit              end the session\n"
      "  /limit N           show at most N results an answer (0: all); /more shows the next\n"
      "  /more              the next results of the last limited answer\n"
      "  /format text|json  answer in lines of text, or in JSON Lines\n"
      "  /stats             the server's uptime, connections, queries, bytes sent and data versions\n"
      "  /lang CODE         find by the keywords and short names of a language too (fr, ja, pt-BR)\n"
      "  /lang, /lang off   say which language is set; back to names only\n"
      "  /languages         the languages /lang takes\n"
      "  /order relevance   the best match first; /order codepoint, code point order (the first)\n";
}

}  // namespace mojifinder
