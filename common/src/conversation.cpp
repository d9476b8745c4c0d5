#include "mojifinder/conversation.hpp"

#include <array>
#include <span>
#include <utility>

#include "mojifinder/answer.hpp"
#include "mojifinder/escape.hpp"
#include "mojifinder/render.hpp"
#include "mojifinder/request.hpp"

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
// begin_reply() and sent by the next_piece() that follows at once, with
// no suspension in between, so it can be the thread's rather than every
// conversation's.
std::string& pending_text() {
  thread_local std::string text;
  return text;
}

}  // namespace

bool Conversation::begin_reply(const InputDecoder::Input& input) {
  if (input.kind == InputDecoder::Kind::too_long) {
    const auto limit = std::to_string(input.limit);
    if (log_) log_->heard("a line over " + limit + " bytes");
    return reply_error("error: line too long (limit " + limit + " bytes)");
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
      return reply_error(error_message(request));
    case Request::Kind::command:
      return run_command(request.query);
    case Request::Kind::search:
      break;
  }
  return start_search(request.query, 0);
}

bool Conversation::start_search(std::string_view query, std::size_t first) {
  counters_.queries.fetch_add(1, std::memory_order_relaxed);
  // A line that gets an error changes nothing: /more goes on from the last
  // query answered.
  if (auto error = results_.start(index_, query); !error.empty()) return reply_error(std::move(error));
  if (settings_ && first == 0) {
    settings_->next_first = 0;
    if (settings_->limit > 0) settings_->last_query.assign(query);
  }
  // A later page: the results before it are passed over, not sent, as the
  // pieces are gathered.
  first_shown_ = static_cast<std::uint32_t>(first);
  to_pass_over_ = static_cast<std::uint32_t>(first);
  shown_ = 0;
  reply_ = Reply::search;
  return true;
}

bool Conversation::reply_error(std::string text) {
  if (log_) {
    std::string logged;
    append_log_text(logged, text);  // it may quote the client
    log_->answered(logged);
  }
  return reply_line(text, "error");
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
    // The key says what the text's own `error: ` or `ok: ` said.
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
      return reply_error(command.error);
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
      if (!settings_ || settings_->next_first == 0) return reply_error("error: nothing more to show");
      return start_search(settings_->last_query, std::exchange(settings_->next_first, 0));
    case Command::Kind::format:
      settings().format = command.format;
      return reply_line(command.format == AnswerFormat::json ? "ok: answers in JSON Lines" : "ok: answers in text",
                        "ok");
    case Command::Kind::stats:
      return reply_stats();
  }
  return reply_error("error: unknown command");
}

bool Conversation::reply_stats() {
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                       counters_.started);
  const auto number = [](const std::atomic<std::uint64_t>& n) { return std::to_string(n.load(std::memory_order_relaxed)); };
  auto& out = start_text_reply();
  if (format() == AnswerFormat::json) {
    out += "{\"uptime_s\":" + std::to_string(uptime.count()) + ",\"connections_open\":" +
           number(counters_.connections_open) + ",\"connections_total\":" + number(counters_.connections_total) +
           ",\"queries\":" + number(counters_.queries) + ",\"bytes_sent\":" + number(counters_.bytes_sent) + "}\r\n";
  } else {
    out += "uptime: " + std::to_string(uptime.count()) + " s\r\n";
    out += "connections: " + number(counters_.connections_open) + " open, " + number(counters_.connections_total) +
           " since start\r\n";
    out += "queries: " + number(counters_.queries) + "\r\n";
    out += "bytes sent: " + number(counters_.bytes_sent) + "\r\n";
  }
  return true;
}

Conversation::Settings& Conversation::settings() {
  if (!settings_) settings_ = std::make_unique<Settings>();
  return *settings_;
}

bool Conversation::next_piece(Piece& piece) {
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
  // Room for a piece and one more batch of lines, each copied at worst,
  // and for the status line and prompt after them: staging never
  // reallocates under the parts that point into it.
  constexpr std::size_t results_per_batch = 256;
  constexpr std::size_t status_and_prompt_bytes = 256;
  staging.clear();
  staging.reserve(answer_piece_bytes + results_per_batch * max_result_line_bytes + status_and_prompt_bytes);
  // Bytes appended to staging from `from` on go out next: with the part
  // before them when that one ends where they begin.
  const auto send_staged = [&](std::size_t from) {
    const auto* at = staging.data() + from;
    const auto size = staging.size() - from;
    if (!parts.empty() && parts.back().data() + parts.back().size() == at) {
      parts.back() = std::string_view(parts.back().data(), parts.back().size() + size);
    } else {
      parts.emplace_back(at, size);
    }
  };
  std::size_t work = work_per_call;
  const auto took_work = [&](bool last) {
    piece.work = work_per_call - work;
    return last;
  };
  std::array<Result, results_per_batch> batch;
  // A later page: the results before it are passed over first.
  while (to_pass_over_ > 0 && !results_.done()) {
    to_pass_over_ -= static_cast<std::uint32_t>(
        results_.next(std::span(batch).first(std::min<std::size_t>(to_pass_over_, batch.size())), work));
    if (work == 0) return took_work(false);
  }
  // What the answer holds beside its piece (a prefix's bitmap, say)
  // counts against the piece: a client that does not read costs no more
  // than a piece, whatever it asked.
  const auto piece_bytes = answer_piece_bytes - std::min(results_.held_bytes(), answer_piece_bytes - min_piece_bytes);
  // Entries are numbered in code point order and their lines stored in
  // that order, so a run of consecutive entries is one stretch of bytes:
  // `cjk` is a few dozen stretches, not 98,000 lines.
  std::size_t bytes = 0;
  const auto answer_format = format();
  const std::size_t limit = settings_ ? settings_->limit : 0;
  // Each stretch takes at most one part, and the status line one more.
  const auto room_left = [&] { return bytes < piece_bytes && parts.size() < max_parts_per_piece - 1; };
  while (room_left()) {
    auto wanted = std::min(batch.size(), max_parts_per_piece - 1 - parts.size());
    if (limit > 0) wanted = std::min<std::size_t>(wanted, limit - shown_);
    if (wanted == 0) {
      // The page is full: the rest are counted, not sent.
      while (!results_.done() && work > 0) results_.next(batch, work);
    }
    const auto n = wanted == 0 ? 0 : results_.next(std::span(batch).first(wanted), work);
    if (n == 0 && !results_.done()) return took_work(false);  // the work ran out: go on next turn
    if (n == 0) {
      const Page page{results_.produced(), first_shown_, shown_};
      if (limit > 0 && page.after() < page.total) settings_->next_first = page.after();
      const auto from = staging.size();
      append_answer_end(staging, answer_format, page, LineEnd::crlf);
      staging += prompt;
      send_staged(from);
      return took_work(true);
    }
    shown_ += static_cast<std::uint32_t>(n);
    for (std::size_t first = 0; first < n;) {
      // A JSON line, or the line of a code point without a name, is made
      // here; the others are the index's own bytes.
      if (answer_format == AnswerFormat::json || (batch[first] & unnamed_result)) {
        const auto from = staging.size();
        if (answer_format == AnswerFormat::json) {
          append_json_result(staging, index_, batch[first], LineEnd::crlf);
        } else {
          append_result(staging, index_, batch[first], LineEnd::crlf);
        }
        send_staged(from);
        bytes += staging.size() - from;
        ++first;
        continue;
      }
      std::size_t last = first + 1;
      while (last < n && !(batch[last] & unnamed_result) && batch[last] == batch[last - 1] + 1) ++last;
      const auto stretch = index_.lines(batch[first], batch[last - 1] + 1);
      if (stretch.size() < direct_stretch_bytes) {
        const auto from = staging.size();
        staging += stretch;
        send_staged(from);
      } else {
        parts.push_back(stretch);
      }
      bytes += stretch.size();
      first = last;
    }
  }
  return took_work(false);
}

std::string_view Conversation::idle_notice() const noexcept {
  return format() == AnswerFormat::json ? "{\"timeout\":\"closing idle connection\"}\r\n"
                                        : "timeout: closing idle connection\r\n";
}

void Conversation::end_reply() {
  if (reply_ == Reply::search && log_) log_->answered(std::to_string(results_.produced()) + " results.");
  results_.release_spare_capacity();
}

}  // namespace mojifinder
