// The whole answer to one query, as the protocol and the command line give
// it: every result line in order, then the status line.
#pragma once

#include <span>
#include <string>

#include "mojifinder/name_index.hpp"
#include "mojifinder/render.hpp"
#include "mojifinder/results.hpp"

namespace mojifinder {

// One result's line: the index's own, or one made for an unnamed code point.
void append_result(std::string& out, const NameIndex& index, Result result, LineEnd end);

void append_answer(std::string& out, const NameIndex& index, std::span<const Result> results, LineEnd end);

}  // namespace mojifinder
