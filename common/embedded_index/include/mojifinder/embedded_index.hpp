// The index compiled from the UCD at build time and embedded in the binary.
#pragma once

#include "mojifinder/index/name_index.hpp"

namespace mojifinder {

// Costs nothing at start-up: a view over read-only data that the kernel
// pages in only where a search looks.
const NameIndex& embedded_name_index();

}  // namespace mojifinder
