// Reading CLDR's annotations: for each language, the keywords and the
// short name (`tts`) of emoji and many other characters, from
// common/annotations/*.xml, and of emoji sequences (flags, skin tones,
// families) from common/annotationsDerived/*.xml.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mojifinder {

// What one language says of one character or sequence. CLDR writes the
// code points without U+FE0F.
struct Annotation {
  std::u32string code_points;
  std::vector<std::string> keywords;  // empty when only the short name is given
  std::string short_name;             // empty when only keywords are given
};

// A locale's annotations resolved as CLDR's inheritance says: what the
// locale does not give for a character (its keywords, its short name) comes
// from its parent (fr_CA from fr, en_AU from en_001 from en, sr_Latn from
// root), and `↑↑↑` means the same.
struct LocaleAnnotations {
  std::string code;    // "fr_CA", as the file is named
  std::string parent;  // "fr"; "root" at the top
  std::vector<Annotation> annotations;  // by code points
  // People who speak its language (fr for fr_CA), by CLDR's territoryInfo:
  // each territory's population times the language's share of it, summed;
  // 0 when CLDR gives none.
  double speakers = 0;
};

struct CldrAnnotations {
  std::string cldr_version;                // "41"
  std::vector<LocaleAnnotations> locales;  // by code, root left out
};

// Thrown when a CLDR file is missing or malformed; what() names the file
// and, where it can, the element.
class CldrError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads every locale of `common_dir` (CLDR's common/ directory): the
// annotations and derived annotations, the parent locales and the
// territories' languages of supplemental/supplementalData.xml, and the
// version in dtd/ldml.dtd.
CldrAnnotations load_cldr_annotations(const std::filesystem::path& common_dir);

}  // namespace mojifinder
