// The whole answer to one query, as the protocol and the command line give
// it: every result line in code point order, then the status line.
#pragma once

#include <span>
#include <string>

#include "mojifinder/name_index.hpp"
#include "mojifinder/render.hpp"

namespace mojifinder {

void append_answer(std::string& out, const NameIndex& index, std::span<const EntryId> matches, LineEnd end);

}  // namespace mojifinder
