// One client's conversation over the line protocol, whatever carries it:
// each input the decoder gives (a line, or a line over the limit) gets its
// reply, which is written a piece at a time. It holds what a client set
// (/limit, /format, /lang) and where /more goes on.
//
// It knows nothing of sockets: the TCP session feeds it inputs and writes
// its pieces; the tests and the session fuzz target drive it directly.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/answer/answer_stream.hpp"
#include "mojifinder/front_end/conversation_log.hpp"
#include "mojifinder/front_end/server_counters.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/line/command.hpp"
#include "mojifinder/line/input_decoder.hpp"
#include "mojifinder/query/query.hpp"

namespace mojifinder {

// What the server sends after every answer, and first of all.
inline constexpr std::string_view prompt = "?> ";

class Conversation {
 public:
  // `log` may be null: nothing is told.
  Conversation(const NameIndex& index, ServerCounters& counters, ConversationLog* log = nullptr) noexcept
      : index_(index), counters_(counters), log_(log) {}

  // Sets up the reply to one input (a line, or a line too long); false
  // when the conversation ends instead (/quit, a line that starts with a
  // control character, the telnet interrupts).
  bool begin_reply(const InputDecoder::Input& input);

  // Gathers the next piece of the reply begun, doing at most
  // work_per_call steps of search; true when it holds the last of it (the
  // status line and the prompt). A piece may hold nothing when the search
  // had much to look at before finding anything.
  bool next_piece(AnswerPiece& piece);

  // How answers are written, as the client chose with /format.
  AnswerFormat format() const noexcept { return settings_ ? settings_->format : AnswerFormat::text; }

  // What a client idle past the timeout is told before it is closed, in
  // the format it chose.
  std::string_view idle_notice() const noexcept;

  // After the last piece: gives back what only that reply needed, so that
  // an idle conversation holds little.
  void end_reply();

 private:
  enum class Reply : unsigned char { just_prompt, search, text };

  // What a client set with /format and /limit, and where /more goes on:
  // made only for a conversation that uses them.
  struct Settings {
    AnswerFormat format = AnswerFormat::text;
    std::uint32_t limit = 0;  // 0: every result
    // Where /more goes on: the first result not shown by the last answer
    // the limit cut short; 0 when there is nothing more.
    std::size_t next_first = 0;
    std::string last_query;
    const NameIndex::Locale* language = nullptr;  // /lang: none, names only
    Order order = Order::codepoint;               // /order
  };
  Settings& settings();

  // The results of `query` from the one at `first` on (a later page).
  bool start_search(std::string_view query, std::size_t first);
  bool run_command(std::string_view line);
  // The thread's buffer for a reply of a few lines, emptied, with the
  // conversation set to send it next.
  std::string& start_text_reply();
  // A one-line reply: as it is, or in JSON as {"<json_key>":"<text>"}.
  bool reply_line(std::string_view text, std::string_view json_key);
  bool reply_error(const QueryError& error);
  bool reply_stats();
  bool set_language(std::string_view code);
  bool set_order(std::optional<Order> order);
  bool reply_languages();
  const NameIndex::Locale* language() const noexcept { return settings_ ? settings_->language : nullptr; }

  const NameIndex& index_;
  ServerCounters& counters_;
  ConversationLog* log_;
  Reply reply_ = Reply::just_prompt;  // what the reply in progress is
  LentAnswerStream answer_;
  std::unique_ptr<Settings> settings_;
};

}  // namespace mojifinder
