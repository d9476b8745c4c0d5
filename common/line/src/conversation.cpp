#include "mojifinder/line/conversation.hpp"

#include "mojifinder/text/ascii.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <utility>

#include "mojifinder/answer/answer.hpp"
#include "mojifinder/answer/lent_buffer.hpp"
#include "mojifinder/front_end/language_name.hpp"
#include "mojifinder/front_end/refusal.hpp"
#include "mojifinder/index/render.hpp"
#include "mojifinder/line/request.hpp"
#include "mojifinder/text/escape.hpp"

namespace mojifinder {

namespace {

// The query as the original logged it (Python's repr), with whatever
// could act on a terminal escaped.
std::string quoted(std::string_view text) {
  std::string out;
  append_log_quoted(out, text);
  return out;
}

// A reply of a few lines (an error, a command's) is put together by
// begin_reply() and sent by the next_piece() that follows in the same
// turn, so it is lent to the turn (lent_buffer.hpp) rather than every
// conversation's.
struct PendingText {
  using type = std::string;
};
std::string& pending_text() { return lent_buffer<PendingText>(); }

}  // namespace

bool Conversation::begin_reply(const InputDecoder::Input& input) {
  if (input.kind == InputDecoder::Kind::too_long) {
    const auto limit = std::to_string(input.limit);
    if (log_) log_->heard("a line over " + limit + " bytes");
    return reply_error({QueryError::Code::line_too_long, "line too long (limit " + limit + " bytes)"});
  }
  const auto line = input.line;
  const auto request = parse_request(line);
  if (log_) {
    const bool whole_line = request.kind == Request::Kind::end_session || request.kind == Request::Kind::invalid_utf8;
    log_->heard(quoted(whole_line ? line : request.query));
  }
  switch (request.kind) {
    case Request::Kind::end_session:
      return false;
    case Request::Kind::empty:
      reply_ = Reply::just_prompt;
      return true;
    case Request::Kind::invalid_utf8:
    case Request::Kind::control_character:
      return reply_error(*request.error);
    case Request::Kind::command:
      return run_command(request.query);
    case Request::Kind::search:
      break;
  }
  return start_search(request.query, 0);
}

bool Conversation::start_search(std::string_view query, std::size_t first) {
  counters_.count(counters_.queries);
  counters_.count(counters_.queries_by_protocol[ServerCounters::line]);
  // A line that gets an error changes nothing: /more goes on from the last
  // query answered.
  // A later page: the results before it are passed over, not sent, as the
  // pieces are gathered.
  const Query asked{query, language(), settings_ ? settings_->limit : 0u, first,
                    settings_ ? settings_->order : Order::codepoint};
  if (auto error = answer_->start(index_, asked)) return reply_error(*error);
  if (settings_ && first == 0) {
    settings_->next_first = 0;
    if (settings_->limit > 0) settings_->last_query.assign(query);
  }
  reply_ = Reply::search;
  return true;
}

bool Conversation::reply_error(const QueryError& error) {
  count_refusal(counters_, error);
  if (log_) {
    std::string logged;
    append_logged_error(logged, error.detail);  // it may quote the client
    log_->answered(logged);
  }
  auto& out = start_text_reply();
  append_error(out, format(), error.detail);
  out += "\r\n";
  return true;
}

std::string& Conversation::start_text_reply() {
  reply_ = Reply::text;
  auto& out = pending_text();
  out.clear();
  return out;
}

bool Conversation::reply_line(std::string_view text, std::string_view json_key) {
  auto& out = start_text_reply();
  // The text is ASCII but for what it quotes of the client: each sink
  // gets it escaped by its own rule.
  if (format() == AnswerFormat::json) {
    out += "{\"";
    out += json_key;
    out += "\":\"";
    // The key says what the text's own `ok: ` said.
    if (text.starts_with(json_key) && text.substr(json_key.size()).starts_with(": ")) {
      text.remove_prefix(json_key.size() + 2);
    }
    append_json_text(out, text);
    out += "\"}";
  } else {
    append_terminal_text(out, text);
  }
  out += "\r\n";
  return true;
}

bool Conversation::run_command(std::string_view line) {
  const auto command = parse_command(line);
  switch (command.kind) {
    case Command::Kind::invalid:
      return reply_error(*command.error);
    case Command::Kind::quit:
      return false;
    case Command::Kind::help: {
      auto& out = start_text_reply();
      if (format() == AnswerFormat::json) {
        // {"help":["line", ...]}: one line of JSON, as every reply is.
        out += "{\"help\":[";
        for (auto rest = help_text(); !rest.empty();) {
          const auto help_line = rest.substr(0, rest.find('\n'));
          rest.remove_prefix(std::min(rest.size(), help_line.size() + 1));
          out += '"';
          append_json_text(out, help_line);
          out += rest.empty() ? "\"" : "\",";
        }
        out += "]}\r\n";
        return true;
      }
      for (const char c : help_text()) {
        if (c == '\n') out.push_back('\r');
        out.push_back(c);
      }
      return true;
    }
    case Command::Kind::limit:
      settings().limit = static_cast<std::uint32_t>(command.limit);
      settings().next_first = 0;
      return reply_line(command.limit == 0 ? std::string("ok: answers show every result")
                                           : "ok: answers show at most " + std::to_string(command.limit) +
                                                 (command.limit == 1 ? " result" : " results") +
                                                 "; /more shows the next",
                        "ok");
    case Command::Kind::more:
      if (!settings_ || settings_->next_first == 0) {
        return reply_error({QueryError::Code::nothing_more, "nothing more to show"});
      }
      return start_search(settings_->last_query, std::exchange(settings_->next_first, 0));
    case Command::Kind::format:
      settings().format = command.format;
      return reply_line(command.format == AnswerFormat::json ? "ok: answers in JSON Lines" : "ok: answers in text",
                        "ok");
    case Command::Kind::stats:
      return reply_stats();
    case Command::Kind::language:
      return set_language(command.language);
    case Command::Kind::languages:
      return reply_languages();
    case Command::Kind::order:
      return set_order(command.order);
  }
  return reply_error({QueryError::Code::unknown_command, "unknown command"});
}

bool Conversation::reply_stats() {
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                       counters_.started);
  const auto number = [](const std::atomic<std::uint64_t>& n) { return std::to_string(n.load(std::memory_order_relaxed)); };
  auto& out = start_text_reply();
  if (format() == AnswerFormat::json) {
    out += "{\"uptime_s\":" + std::to_string(uptime.count()) + ",\"connections_open\":" +
           number(counters_.connections_open) + ",\"connections_total\":" + number(counters_.connections_total) +
           ",\"queries\":" + number(counters_.queries) + ",\"bytes_sent\":" + number(counters_.bytes_sent);
    index_.append_versions(out, {",\"unicode_version\":\"", "\",\"emoji_version\":\"", "\",\"cldr_version\":\"", "\"}\r\n"},
                           append_json_text);
  } else {
    out += "uptime: " + std::to_string(uptime.count()) + " s\r\n";
    out += "connections: " + number(counters_.connections_open) + " open, " + number(counters_.connections_total) +
           " since start\r\n";
    out += "queries: " + number(counters_.queries) + "\r\n";
    out += "bytes sent: " + number(counters_.bytes_sent) + "\r\n";
    // The data answers come from, as --version says it.
    index_.append_versions(out, {"data: Unicode ", ", emoji ", ", CLDR ", "\r\n"}, append_terminal_text);
  }
  return true;
}

bool Conversation::set_language(std::string_view code) {
  const auto say_which = [&] {
    const auto* set = language();
    if (set == nullptr) return reply_line("ok: no language: words find names only; /lang CODE sets one", "ok");
    return reply_line("ok: language " + std::string(set->code()) + " (" + language_name(set->code()) +
                          "): words find names, keywords and short names in it",
                      "ok");
  };
  if (code.empty()) return say_which();
  if (ascii::equal_ignoring_case(code, "off")) {  // any case, as codes are
    if (settings_) settings_->language = nullptr;
  } else {
    const auto* found = index_.find_locale(code);
    if (found == nullptr) {
      return reply_error({QueryError::Code::unknown_language, "no language " + std::string(code) + " (/languages lists them)"});
    }
    settings().language = found;
  }
  if (settings_) settings_->next_first = 0;  // the page cut short was in the other language
  return say_which();
}

bool Conversation::set_order(std::optional<Order> order) {
  if (order) {
    settings().order = *order;
    settings().next_first = 0;  // the page cut short was in the other order
  }
  const auto set = settings_ ? settings_->order : Order::codepoint;
  return reply_line(set == Order::relevance ? "ok: answers in relevance order, the best match first"
                                            : "ok: answers in code point order",
                    "ok");
}

bool Conversation::reply_languages() {
  auto& out = start_text_reply();
  const bool json = format() == AnswerFormat::json;
  out += json ? "{\"languages\":[" : "";
  bool first = true;
  for (const auto& locale : index_.locales()) {
    const auto name = language_name(locale.code());
    if (json) {
      out += first ? "{\"code\":\"" : ",{\"code\":\"";
      append_json_text(out, locale.code());
      out += "\",\"name\":\"";
      append_json_text(out, name);
      out += "\"}";
    } else {
      // Spaces, not a TAB: only result lines hold TABs. A code of 10
      // letters or more (ca_ES_valencia) still gets two.
      append_terminal_text(out, locale.code());
      out.append(locale.code().size() < 10 ? 12 - locale.code().size() : 2, ' ');
      append_terminal_text(out, name);
      out += "\r\n";
    }
    first = false;
  }
  out += json ? "]}\r\n" : "";
  return true;
}

Conversation::Settings& Conversation::settings() {
  if (!settings_) settings_ = std::make_unique<Settings>();
  return *settings_;
}

bool Conversation::next_piece(AnswerPiece& piece) {
  auto& parts = piece.parts;
  auto& staging = piece.staging;
  parts.clear();
  piece.work = 0;
  if (reply_ == Reply::just_prompt) {
    parts.push_back(prompt);
    return true;
  }
  if (reply_ == Reply::text) {
    staging.assign(pending_text()).append(prompt);
    parts.push_back(staging);
    return true;
  }
  if (!answer_->next_piece({format(), LineEnd::crlf}, piece)) return false;
  if (const auto page = answer_->page(); settings_ && settings_->limit > 0 && page.after() < page.total) {
    settings_->next_first = page.after();
  }
  const auto from = staging.size();
  staging += prompt;  // reserved room: no reallocation under the parts
  piece.send_staged(from);
  return true;
}

std::string_view Conversation::idle_notice() const noexcept {
  return format() == AnswerFormat::json ? "{\"timeout\":\"closing idle connection\"}\r\n"
                                        : "timeout: closing idle connection\r\n";
}

void Conversation::end_reply() {
  if (reply_ == Reply::search && log_) log_->answered(std::to_string(answer_->found()) + " results.");
  answer_.end();
}

}  // namespace mojifinder
