#include "mojifinder/answer.hpp"

namespace mojifinder {

void append_result(std::string& out, const NameIndex& index, Result result, LineEnd end) {
  if (result & unnamed_result) {
    const auto cp = static_cast<char32_t>(result & ~unnamed_result);
    append_result_line(out, cp, unnamed_label(cp), end);
    return;
  }
  // The index holds each line rendered for the wire; a terminal gets the
  // same bytes with LF in place of CR LF.
  auto line = index.line(result);
  if (end != LineEnd::crlf) {
    line.remove_suffix(line_end_bytes(LineEnd::crlf).size());
    out += line;
    out += line_end_bytes(end);
  } else {
    out += line;
  }
}

void append_answer(std::string& out, const NameIndex& index, std::span<const Result> results, LineEnd end) {
  for (const Result result : results) append_result(out, index, result, end);
  append_status_line(out, results.size(), end);
}

}  // namespace mojifinder
