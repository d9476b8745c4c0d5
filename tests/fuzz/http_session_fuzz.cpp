// Whole HTTP connections, without sockets: the bytes a client sends, in
// reads of the sizes the input's first byte picks, go through the HTTP
// conversation as the HTTP session drives them. Whatever comes, what is
// sent back must be well-formed responses, one per request answered, in
// order: a status this server sends, a length that matches its body or
// well-formed chunks, JSON bodies a strict parser reads; no piece may pass
// its bound, and no log line hold a control that came from the client.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "checked_log.hpp"
#include "fuzz_check.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/http/http_conversation.hpp"
#include "mojifinder/index/render.hpp"
#include "support/http_response.hpp"
#include "support/reply_checks.hpp"

namespace {

using namespace mojifinder;

// Checks every log line, and keeps what was heard: the requests in the
// order they are answered (a HEAD's response has no body).
class RecordingLog : public fuzz::CheckedLog {
 public:
  void heard(std::string_view what) override {
    CheckedLog::heard(what);
    heard_.emplace_back(what);
  }
  bool next_is_head() {
    FUZZ_CHECK(!heard_.empty());
    const bool head = heard_.front().starts_with("HEAD ");
    heard_.pop_front();
    return head;
  }

 private:
  std::deque<std::string> heard_;
};

// A piece holds a piece's bytes, a batch of results past them (a row of
// the page is longer than a line), and a head or a page's top and bottom.
constexpr std::size_t max_piece_bytes = answer_piece_bytes + 256 * 2 * max_result_line_bytes + 16 * 1024;

// Checks each whole response in `sent`, which it removes.
void check_responses(std::string& sent, RecordingLog& log, bool connection_ended) {
  while (!sent.empty()) {
    // Bodies that run to the close are whole only once the connection ends.
    if (!connection_ended && !sent.starts_with("HTTP/1.1 304 ") && sent.find("Content-Length") == std::string::npos &&
        sent.find("Transfer-Encoding") == std::string::npos) {
      return;
    }
    const bool head = log.next_is_head();
    const auto response = test::take_response(sent, head);
    if (!response) {
      FUZZ_CHECK(!connection_ended || sent.empty());
      return;
    }
    static constexpr int statuses[] = {200, 304, 400, 404, 405, 408, 413, 414, 422, 431, 503, 505};
    FUZZ_CHECK(std::find(std::begin(statuses), std::end(statuses), response->status) != std::end(statuses));
    if (!head && response->header("content-type").starts_with("application/json")) {
      FUZZ_CHECK(nlohmann::json::accept(response->body));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  static const auto& index = embedded_name_index();
  ServerCounters counters;
  RecordingLog log;
  HttpConversation conversation(index, counters, &log,
                                {.max_target_bytes = 256, .max_header_bytes = 512, .max_headers = 8, .max_body_bytes = 64});
  std::string sent;
  bool open = true;
  const auto answer = [&](bool at_end) {
    for (;;) {
      const auto step = conversation.next(at_end);
      if (step == HttpConversation::Step::need_more) return;
      if (step == HttpConversation::Step::end) {
        open = false;
        return;
      }
      thread_local AnswerPiece piece;
      for (bool last = false; !last;) {
        last = conversation.next_piece(piece);
        std::size_t piece_bytes = 0;
        for (const auto part : piece.parts) piece_bytes += part.size();
        FUZZ_CHECK(piece_bytes <= max_piece_bytes);
        FUZZ_CHECK(piece.work <= work_per_call + 4096);
        for (const auto part : piece.parts) sent += part;
      }
      if (!conversation.end_reply()) {
        open = false;
        return;
      }
      check_responses(sent, log, false);
    }
  };
  while (!bytes.empty() && open) {
    const auto n = std::min(chunk, bytes.size());
    conversation.push(bytes.substr(0, n));
    bytes.remove_prefix(n);
    answer(false);
  }
  if (open) answer(true);
  check_responses(sent, log, true);
  return 0;
}
