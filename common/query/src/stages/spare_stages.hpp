// The stages a query beyond plain words needs, and the query's text they
// read: what Results makes on the first such query and gives back after
// the answer (release_spare_capacity()). Internal to the query layer.
#pragma once

#include <string>

#include "mojifinder/index/match_cursor.hpp"
#include "mojifinder/query/results.hpp"
#include "stages/correction_stage.hpp"
#include "stages/gather_stage.hpp"
#include "stages/language_stage.hpp"
#include "stages/lead_stage.hpp"
#include "stages/listing_stage.hpp"

namespace mojifinder::query_detail {

struct SpareStages {
  LeadStage leads;
  GatherStage gather;
  LanguageStage languages;
  CorrectionStage correction;
  ListingStage listing;
  std::string text;                    // the query, for the fallbacks
  std::string properties;              // the query's block: and category: tokens, a space after each
  MatchCursor::Constraint constraint;  // ... what they narrow to, when there are any
};

}  // namespace mojifinder::query_detail
