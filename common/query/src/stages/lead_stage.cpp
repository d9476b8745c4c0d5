#include "stages/lead_stage.hpp"

#include <algorithm>

#include "mojifinder/text/utf8.hpp"

namespace mojifinder::query_detail {

void LeadStage::start(const NameIndex& index, std::string_view text) {
  clear();
  for (auto rest = text; !rest.empty();) {
    if (const auto sequence = index.sequence_at(rest)) {
      leads_.push_back(sequence->id);
      rest.remove_prefix(sequence->bytes);
      continue;
    }
    const auto decoded = utf8::decode(rest);
    if (!decoded) break;  // checked before: cannot happen
    rest.remove_prefix(decoded->length);
    const auto id = index.find(decoded->code_point);
    leads_.push_back(id ? *id : (unnamed_result | decoded->code_point));
  }
  for (const auto lead : leads_) {
    if (!(lead & unnamed_result)) set_.push_back(lead);
  }
  std::sort(set_.begin(), set_.end());
  set_.erase(std::unique(set_.begin(), set_.end()), set_.end());
}

void LeadStage::clear() noexcept {
  leads_.clear();
  set_.clear();
  at_ = 0;
}

std::size_t LeadStage::next(std::span<Result> out, std::size_t& work) {
  std::size_t written = 0;
  while (written < out.size() && work > 0 && at_ < leads_.size()) {
    --work;
    out[written++] = leads_[at_++];
  }
  return written;
}

std::size_t LeadStage::skip(std::span<Result> given) const {
  std::size_t kept = 0;
  for (const auto result : given) {
    if (!std::binary_search(set_.begin(), set_.end(), result)) given[kept++] = result;
  }
  return kept;
}

}  // namespace mojifinder::query_detail
