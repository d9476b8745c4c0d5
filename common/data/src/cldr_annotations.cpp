#include "mojifinder/data/cldr_annotations.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/utf8.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder {

namespace {

namespace fs = std::filesystem;

// CLDR's mark for "the same as the parent".
constexpr std::string_view inherit_marker = "\u2191\u2191\u2191";

struct Given {
  std::vector<std::string> keywords;
  std::string short_name;
  bool has_keywords = false, has_short_name = false;
};
using Given_by_code_points = std::map<std::u32string, Given>;

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw CldrError(path.string() + ": cannot be read");
  std::ostringstream text;
  text << file.rdbuf();
  return std::move(text).str();
}

std::u32string code_points_of(std::string_view text, const fs::path& file) {
  std::u32string out;
  while (!text.empty()) {
    const auto decoded = utf8::decode(text);
    if (!decoded) throw CldrError(file.string() + ": an annotation's cp is not UTF-8");
    out.push_back(decoded->code_point);
    text.remove_prefix(decoded->length);
  }
  return out;
}

std::vector<std::string> split_keywords(std::string_view text) {
  std::vector<std::string> keywords;
  while (!text.empty()) {
    const auto bar = text.find('|');
    const auto keyword = strip_white_space(text.substr(0, bar));
    if (!keyword.empty()) keywords.emplace_back(keyword);
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return keywords;
}

// Adds what one file gives to `given`.
void read_annotations(const fs::path& path, Given_by_code_points& given) {
  pugi::xml_document document;
  const auto parsed = document.load_file(path.c_str());
  if (!parsed) throw CldrError(path.string() + ": " + parsed.description() + " at byte " + std::to_string(parsed.offset));
  for (const auto annotation : document.child("ldml").child("annotations").children("annotation")) {
    const std::string_view cp = annotation.attribute("cp").as_string();
    if (cp.empty()) throw CldrError(path.string() + ": an annotation without cp");
    const std::string_view text = strip_white_space(annotation.text().as_string());
    if (text.empty() || text == inherit_marker) continue;
    auto& entry = given[code_points_of(cp, path)];
    if (std::string_view(annotation.attribute("type").as_string()) == "tts") {
      entry.short_name.assign(text);
      entry.has_short_name = true;
    } else {
      entry.keywords = split_keywords(text);
      entry.has_keywords = !entry.keywords.empty();
    }
  }
}

std::string cldr_version(const fs::path& common_dir) {
  const auto path = common_dir / "dtd" / "ldml.dtd";
  const auto text = read_text(path);
  constexpr std::string_view marker = "cldrVersion CDATA #FIXED \"";
  const auto at = text.find(marker);
  const auto end = at == std::string::npos ? at : text.find('"', at + marker.size());
  if (end == std::string::npos) throw CldrError(path.string() + ": no cldrVersion");
  return text.substr(at + marker.size(), end - at - marker.size());
}

// What supplementalData.xml says of locales and languages.
struct Supplemental {
  // parentLocales: the exceptions to "drop the last subtag" (en_AU's
  // parent is en_001; zh_Hant's is root).
  std::map<std::string, std::string, std::less<>> parents;
  // territoryInfo: the speakers of each language, as LocaleAnnotations
  // counts them.
  std::map<std::string, double, std::less<>> speakers;
};

Supplemental read_supplemental(const fs::path& common_dir) {
  const auto path = common_dir / "supplemental" / "supplementalData.xml";
  pugi::xml_document document;
  const auto parsed = document.load_file(path.c_str());
  if (!parsed) throw CldrError(path.string() + ": " + parsed.description());
  Supplemental out;
  const auto root = document.child("supplementalData");
  for (const auto entry : root.child("parentLocales").children("parentLocale")) {
    std::istringstream locales(entry.attribute("locales").as_string());
    for (std::string locale; locales >> locale;) out.parents[locale] = entry.attribute("parent").as_string();
  }
  for (const auto territory : root.child("territoryInfo").children("territory")) {
    const auto population = territory.attribute("population").as_double();
    for (const auto language : territory.children("languagePopulation")) {
      const auto percent = language.attribute("populationPercent").as_double();
      if (population < 0 || percent < 0 || percent > 100) {
        throw CldrError(path.string() + ": territory " + territory.attribute("type").as_string() +
                        " has a population or a share out of range");
      }
      // zh_Hant and zh are one language's speakers.
      std::string code = language.attribute("type").as_string();
      code.resize(std::min(code.find('_'), code.size()));
      out.speakers[code] += population * percent / 100;
    }
  }
  return out;
}

// A CLDR locale id as its files are named: a language of letters, then
// subtags of letters or digits after `_` (en, en_AU, sr_Latn_BA, es_419),
// or root. The code goes out to the page, JSON and terminals, so a file
// named otherwise is refused rather than trusted.
bool is_locale_id(std::string_view name) {
  if (name == "root") return true;
  std::size_t subtags = 0;
  for (auto rest = name;; ++subtags) {
    const auto end = std::min(rest.find('_'), rest.size());
    const auto subtag = rest.substr(0, end);
    if (subtag.empty() || subtag.size() > 8) return false;
    for (const char c : subtag) {
      if (!ascii::is_letter(c) && (subtags == 0 || !ascii::is_digit(c))) return false;
    }
    if (subtags == 0 && subtag.size() < 2) return false;
    if (end == rest.size()) return true;
    rest.remove_prefix(end + 1);
  }
}

}  // namespace

CldrAnnotations load_cldr_annotations(const fs::path& common_dir) {
  CldrAnnotations out;
  out.cldr_version = cldr_version(common_dir);
  const auto supplemental = read_supplemental(common_dir);
  const auto& parents = supplemental.parents;

  std::map<std::string, Given_by_code_points, std::less<>> given;
  for (const auto* folder : {"annotations", "annotationsDerived"}) {
    const auto dir = common_dir / folder;
    if (!fs::is_directory(dir)) throw CldrError(dir.string() + ": no such directory");
    for (const auto& file : fs::directory_iterator(dir)) {
      if (file.path().extension() != ".xml") continue;
      const auto locale = file.path().stem().string();
      if (!is_locale_id(locale)) throw CldrError(file.path().string() + ": not named by a CLDR locale id");
      read_annotations(file.path(), given[locale]);
    }
  }
  if (given.find("en") == given.end()) throw CldrError((common_dir / "annotations").string() + ": no en.xml");

  // The nearest ancestor that has a file: explicit parents first, else the
  // locale without its last subtag.
  const auto parent_of = [&](std::string locale) {
    while (locale != "root") {
      if (const auto it = parents.find(locale); it != parents.end()) {
        locale = it->second;
      } else if (const auto underscore = locale.rfind('_'); underscore != std::string::npos) {
        locale.resize(underscore);
      } else {
        locale = "root";
      }
      if (given.find(locale) != given.end()) return locale;
    }
    return locale;
  };

  std::map<std::string, Given_by_code_points, std::less<>> resolved;
  std::set<std::string, std::less<>> resolving;
  std::function<const Given_by_code_points&(const std::string&)> resolve = [&](const std::string& locale)
      -> const Given_by_code_points& {
    if (const auto it = resolved.find(locale); it != resolved.end()) return it->second;
    if (!resolving.insert(locale).second) throw CldrError("the parent locales of " + locale + " form a loop");
    Given_by_code_points result;
    if (locale != "root") result = resolve(parent_of(locale));
    if (const auto own = given.find(locale); own != given.end()) {
      for (const auto& [code_points, mine] : own->second) {
        auto& entry = result[code_points];
        if (mine.has_keywords) {
          entry.keywords = mine.keywords;
          entry.has_keywords = true;
        }
        if (mine.has_short_name) {
          entry.short_name = mine.short_name;
          entry.has_short_name = true;
        }
      }
    }
    return resolved.emplace(locale, std::move(result)).first->second;
  };

  for (const auto& [locale, ignored] : given) {
    if (locale == "root") continue;
    LocaleAnnotations annotations{locale, parent_of(locale), {}};
    if (const auto speakers = supplemental.speakers.find(std::string_view(locale).substr(0, locale.find('_')));
        speakers != supplemental.speakers.end()) {
      annotations.speakers = speakers->second;
    }
    for (const auto& [code_points, entry] : resolve(locale)) {
      annotations.annotations.push_back({code_points, entry.keywords, entry.short_name});
    }
    out.locales.push_back(std::move(annotations));
  }
  return out;
}

}  // namespace mojifinder
