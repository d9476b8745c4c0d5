#include "mojifinder/embedded_index.hpp"

#include <cstddef>

// Defined in embedded_index_image.S, which includes the image file itself.
extern "C" const std::byte mojifinder_embedded_index_begin[];
extern "C" const std::byte mojifinder_embedded_index_end[];

namespace mojifinder {

const NameIndex& embedded_name_index() {
  static const NameIndex index = NameIndex::view(
      {mojifinder_embedded_index_begin, mojifinder_embedded_index_end});
  return index;
}

}  // namespace mojifinder
