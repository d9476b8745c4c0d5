#include "mojifinder/answer.hpp"

namespace mojifinder {

void append_answer(std::string& out, const NameIndex& index, std::span<const EntryId> matches, LineEnd end) {
  // The index holds each line rendered for the wire; a terminal gets the
  // same bytes with LF in place of CR LF.
  const auto wire_end = line_end_bytes(LineEnd::crlf);
  for (const EntryId id : matches) {
    auto line = index.line(id);
    if (end != LineEnd::crlf) {
      line.remove_suffix(wire_end.size());
      out += line;
      out += line_end_bytes(end);
    } else {
      out += line;
    }
  }
  append_status_line(out, matches.size(), end);
}

}  // namespace mojifinder
