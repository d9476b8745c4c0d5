// Reads a server's bytes as the protocol frames them: the first prompt,
// then per query zero or more result lines, the status line and the
// prompt. Checks each answer's framing: every result line looks like one,
// and their number is the count the status line gives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mojifinder::loadtest {

class AnswerParser {
 public:
  struct Progress {
    std::size_t answers = 0;      // complete, well-framed answers
    std::size_t bad_answers = 0;  // complete answers whose framing was wrong
    std::uint64_t results = 0;    // result lines in the complete answers
  };

  // Consumes bytes as they arrive; reports what they completed.
  Progress feed(std::string_view bytes);

  // True once the first prompt has arrived.
  bool greeted() const noexcept { return greeted_; }

 private:
  void end_line(std::string_view line, Progress& progress);
  static bool is_result_line(std::string_view line) noexcept;
  // Consumes whole lines and prompts from the front of `bytes`.
  void consume(std::string_view& bytes, Progress& progress);

  std::string partial_;  // an unfinished line (or prompt) carried over
  bool greeted_ = false;
  bool expect_prompt_ = false;
  std::uint64_t lines_ = 0;
  bool malformed_ = false;
};

}  // namespace mojifinder::loadtest
