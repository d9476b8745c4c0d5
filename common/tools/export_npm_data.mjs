// Build-time step: writes the Unicode Character Database and CLDR's
// annotations, as the npm packages of package.json hold them, in the
// files and formats compile_ucd reads from Debian's unicode-data and
// unicode-cldr-core: extracted/DerivedName.txt, NameAliases.txt,
// emoji/emoji-test.txt (fully-qualified sequences), Blocks.txt,
// PropertyValueAliases.txt, extracted/DerivedGeneralCategory.txt; CLDR's
// annotations/, annotationsDerived/, supplementalData.xml's parentLocales
// and territoryInfo, and ldml.dtd's version; and emojibase's shortcodes and emoticons, in
// files of their own (emojibase/shortcodes.txt, emojibase/emoticons.txt). The packages' JSON is read by Node; the brotli-
// packed modules of @unicode/unicode-* are Node's to decode.
//
// It checks what it reads and stops at the first thing that does not fit,
// naming the package file and the entry: every name against the package's
// name table once written, every sequence's code points, every sequence's
// name and emoji version, the count of each emoji version against
// emojibase's, the locales' ids.
//
//   node export_npm_data.mjs --modules node_modules --output DIR

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  if (at < 0 || at + 1 >= args.length) fail(`usage: export_npm_data.mjs --modules DIR --output DIR (${name} missing)`);
  return args[at + 1];
};
function fail(message) {
  console.error(`export_npm_data: ${message}`);
  process.exit(1);
}

const modules = path.resolve(option('--modules'));
const output = path.resolve(option('--output'));
const ucdOut = path.join(output, 'ucd');
const cldrOut = path.join(output, 'cldr');

const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`${file}: ${error.message}`);
  }
};
const load = async (file) => {
  if (!fs.existsSync(file)) fail(`${file}: missing (npm ci installs the packages of package.json)`);
  return (await import(pathToFileURL(file).href)).default;
};
const write = (file, text) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file + '.partial', text);
  fs.renameSync(file + '.partial', file);
};
const hex = (cp) => cp.toString(16).toUpperCase().padStart(4, '0');
const codePoints = (text) => [...text].map((c) => c.codePointAt(0));

// Which package of the Unicode data there is: @unicode/unicode-X.Y.Z.
const unicodeScope = path.join(modules, '@unicode');
const unicodePackages = fs.existsSync(unicodeScope) ? fs.readdirSync(unicodeScope).filter((n) => /^unicode-\d+\.\d+\.\d+$/.test(n)) : [];
if (unicodePackages.length !== 1) fail(`${unicodeScope}: expected one unicode-X.Y.Z package, found ${unicodePackages.length}`);
const unicodeVersion = unicodePackages[0].slice('unicode-'.length);
const ucd = path.join(unicodeScope, unicodePackages[0]);

// Names: one line a character, but a run named PREFIX-<its code point>
// (CJK UNIFIED IDEOGRAPH-4E00) as DerivedName.txt gives it, `PREFIX-*`.
const names = await load(path.join(ucd, 'Names/index.mjs'));
const named = [...names.keys()].sort((a, b) => a - b);
const nameLines = [`# DerivedName-${unicodeVersion}.txt`, `# From ${unicodePackages[0]}'s Names.`, ''];
const patternOf = (cp) => {
  const name = names.get(cp);
  const suffix = '-' + hex(cp);
  return name.endsWith(suffix) ? name.slice(0, -hex(cp).length) + '*' : null;
};
for (let i = 0; i < named.length; ) {
  const first = named[i];
  const name = names.get(first);
  if (!/^[A-Z0-9][A-Z0-9 -]*$/.test(name)) fail(`${ucd}/Names: U+${hex(first)} has the name '${name}'`);
  const pattern = patternOf(first);
  let last = first;
  let j = i + 1;
  while (pattern && j < named.length && named[j] === last + 1 && patternOf(named[j]) === pattern) last = named[j++];
  nameLines.push(last > first ? `${hex(first)}..${hex(last)} ; ${pattern}` : `${hex(first)} ; ${name}`);
  i = last > first ? j : i + 1;
}
// What was written names every character as the package does.
for (const line of nameLines) {
  const found = /^([0-9A-F]+)(?:\.\.([0-9A-F]+))? ; (.*)$/.exec(line);
  if (!found) continue;
  const first = parseInt(found[1], 16), last = found[2] ? parseInt(found[2], 16) : first;
  for (let cp = first; cp <= last; ++cp) {
    const written = found[3].endsWith('*') ? found[3].slice(0, -1) + hex(cp) : found[3];
    if (names.get(cp) !== written) fail(`${ucd}/Names: U+${hex(cp)} is '${names.get(cp)}', written '${written}'`);
  }
}
write(path.join(ucdOut, 'extracted/DerivedName.txt'), nameLines.join('\n') + '\n');

// Aliases, by type as NameAliases.txt names them.
const aliasLines = [`# NameAliases-${unicodeVersion}.txt`, ''];
const aliases = [];
for (const type of ['Correction', 'Control', 'Alternate', 'Figment', 'Abbreviation']) {
  const byCodePoint = await load(path.join(ucd, 'Names', type, 'index.mjs'));
  for (const [cp, list] of Object.entries(byCodePoint)) {
    for (const alias of list) aliases.push([Number(cp), alias, type.toLowerCase()]);
  }
}
aliases.sort((a, b) => a[0] - b[0]);
for (const [cp, alias, type] of aliases) aliasLines.push(`${hex(cp)};${alias};${type}`);
write(path.join(ucdOut, 'NameAliases.txt'), aliasLines.join('\n') + '\n');

// Blocks, in order, by the package's names (loose matching makes
// Latin_1_Supplement the same block as Latin-1 Supplement).
const blockRoot = path.join(ucd, 'Block');
const blocks = [];
for (const name of fs.readdirSync(blockRoot)) {
  if (name === 'No_Block') continue;  // the code points in none
  const ranges = await load(path.join(blockRoot, name, 'ranges.mjs'));
  if (ranges.length !== 1) fail(`${blockRoot}/${name}: a block of ${ranges.length} ranges`);
  blocks.push([ranges[0].begin, ranges[0].end - 1, name.replaceAll('_', ' ')]);
}
blocks.sort((a, b) => a[0] - b[0]);
write(path.join(ucdOut, 'Blocks.txt'),
      [`# Blocks-${unicodeVersion}.txt`, '', ...blocks.map(([f, l, n]) => `${hex(f)}..${hex(l)}; ${n}`)].join('\n') + '\n');

// General categories: the ranges, and the values' aliases with the
// members of each group.
const categoryOf = await load(path.join(ucd, 'General_Category/index.mjs'));
const valueAliases = await load(path.join(modules, 'unicode-property-value-aliases/index.mjs'));
const aliasesByValue = (property) => {
  const byValue = new Map();
  for (const [alias, value] of valueAliases.get(property)) {
    if (!byValue.has(value)) byValue.set(value, new Set([value]));
    byValue.get(value).add(alias);
  }
  return byValue;
};
const categoryNames = aliasesByValue('General_Category');
const shortCategory = new Map();
for (const [value, names] of categoryNames) {
  const short = [...names].filter((n) => n.length <= 2).sort((a, b) => a.length - b.length)[0];
  if (!short) fail(`unicode-property-value-aliases: General_Category=${value} has no short alias`);
  shortCategory.set(value, short);
}
const categoryLines = [`# DerivedGeneralCategory-${unicodeVersion}.txt`, ''];
const used = new Map();  // a single value's short name: its first code point
for (let first = 0; first <= 0x10FFFF; ) {
  const value = categoryOf.get(first) ?? 'Unassigned';
  if (!shortCategory.has(value)) fail(`${ucd}/General_Category: U+${hex(first)} has the unknown value ${value}`);
  let last = first;
  while (last < 0x10FFFF && (categoryOf.get(last + 1) ?? 'Unassigned') === value) ++last;
  if (!used.has(shortCategory.get(value))) used.set(shortCategory.get(value), first);
  categoryLines.push(`${hex(first)}..${hex(last)} ; ${shortCategory.get(value)}`);
  first = last + 1;
}
write(path.join(ucdOut, 'extracted/DerivedGeneralCategory.txt'), categoryLines.join('\n') + '\n');
// A group (L, LC, P...) is a value whose code points are those of several:
// its members are the single values used within it.
const valueLines = [`# PropertyValueAliases-${unicodeVersion}.txt`, ''];
for (const [value, names] of categoryNames) {
  const short = shortCategory.get(value);
  const others = [...names].filter((n) => n !== short && n !== value).sort();
  let comment = '';
  if (!used.has(short)) {
    const inGroup = new Set(await load(path.join(ucd, 'General_Category', value, 'code-points.mjs')));
    const members = [...used].filter(([, cp]) => inGroup.has(cp)).map(([s]) => s).sort();
    if (members.length > 0) comment = ` # ${members.join(' | ')}`;
  }
  valueLines.push(`gc ; ${[short, value, ...others].join(' ; ')}${comment}`);
}
for (const [value, names] of aliasesByValue('Block')) {
  const others = [...names].filter((n) => n !== value).sort((a, b) => a.length - b.length);
  valueLines.push(`blk; ${[others[0] ?? value, value, ...others.slice(1)].join(' ; ')}`);
}
write(path.join(ucdOut, 'PropertyValueAliases.txt'), valueLines.join('\n') + '\n');

// CLDR: each locale's annotations and derived annotations, by CLDR's ids
// (en_AU, and root for und).
const cldrId = (bcp47) => (bcp47 === 'und' ? 'root' : bcp47.replaceAll('-', '_'));
const xmlText = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const cldrPackage = readJson(path.join(modules, 'cldr-annotations-full/package.json'));
const cldrVersion = cldrPackage.version.replace(/\.0$/, '');
const english = {};
for (const [folder, pkg, key] of [['annotations', 'cldr-annotations-full', 'annotations'],
                                   ['annotationsDerived', 'cldr-annotations-derived-full', 'annotationsDerived']]) {
  const root = path.join(modules, pkg, folder);
  for (const locale of fs.readdirSync(root)) {
    const file = path.join(root, locale, 'annotations.json');
    const id = cldrId(locale);
    if (!/^(root|[A-Za-z]{2,8}(_[A-Za-z0-9]{1,8})*)$/.test(id)) fail(`${file}: '${locale}' is not a locale id`);
    const content = readJson(file)[key];
    if (!content?.identity) fail(`${file}: no ${key}.identity`);
    const entries = content.annotations;
    if (!entries) continue;  // a locale with nothing of its own yet
    const lines = ['<?xml version="1.0" encoding="UTF-8" ?>', '<ldml>', '<annotations>'];
    for (const [cp, given] of Object.entries(entries)) {
      if (given.default?.length) lines.push(`<annotation cp="${xmlText(cp)}">${xmlText(given.default.join(' | '))}</annotation>`);
      if (given.tts?.length) lines.push(`<annotation cp="${xmlText(cp)}" type="tts">${xmlText(given.tts[0])}</annotation>`);
      if (locale === 'en' && given.tts?.length) english[cp] = given.tts[0];
    }
    lines.push('</annotations>', '</ldml>');
    write(path.join(cldrOut, folder, id + '.xml'), lines.join('\n') + '\n');
  }
}
write(path.join(cldrOut, 'dtd/ldml.dtd'), `<!ATTLIST version cldrVersion CDATA #FIXED "${cldrVersion}" >\n`);
const parents = readJson(path.join(modules, 'cldr-core/supplemental/parentLocales.json')).supplemental.parentLocales.parentLocale;
const byParent = new Map();
for (const [locale, parent] of Object.entries(parents)) {
  if (!byParent.has(cldrId(parent))) byParent.set(cldrId(parent), []);
  byParent.get(cldrId(parent)).push(cldrId(locale));
}
// The territories' languages: how many speak each, which orders the
// languages a word of none chosen is looked for in.
const territoryFile = path.join(modules, 'cldr-core/supplemental/territoryInfo.json');
const territories = readJson(territoryFile).supplemental.territoryInfo;
const territoryLines = [];
for (const [territory, info] of Object.entries(territories)) {
  const population = Number(info._population);
  if (!/^[A-Z0-9]+$/.test(territory) || !Number.isFinite(population) || population < 0) {
    fail(`${territoryFile}: territory ${territory} has the population '${info._population}'`);
  }
  territoryLines.push(`<territory type="${territory}" population="${info._population}">`);
  for (const [language, share] of Object.entries(info.languagePopulation ?? {})) {
    const percent = Number(share._populationPercent);
    if (!/^[a-z]+(_[A-Za-z0-9]+)*$/.test(language) || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      fail(`${territoryFile}: territory ${territory}, language ${language}: share '${share._populationPercent}'`);
    }
    territoryLines.push(`<languagePopulation type="${language}" populationPercent="${share._populationPercent}"/>`);
  }
  territoryLines.push('</territory>');
}
write(path.join(cldrOut, 'supplemental/supplementalData.xml'),
      ['<?xml version="1.0" encoding="UTF-8" ?>', '<supplementalData>', '<parentLocales>',
       ...[...byParent].map(([parent, locales]) => `<parentLocale parent="${parent}" locales="${locales.join(' ')}"/>`),
       '</parentLocales>', '<territoryInfo>', ...territoryLines, '</territoryInfo>', '</supplementalData>'].join('\n') + '\n');

// Emoji sequences: the RGI set (what emoji-test.txt calls fully
// qualified), each named by CLDR's English short name, with the emoji
// version emojibase gives it.
const rgi = await load(path.join(ucd, 'Sequence_Property/RGI_Emoji/index.mjs'));
const emojiVersion = new Map();
for (const entry of readJson(path.join(modules, 'emojibase-data/en/data.json'))) {
  // By the sequence without U+FE0F: emojibase writes ⌚ as ⌚️.
  for (const e of [entry, ...(entry.skins ?? [])]) emojiVersion.set(e.emoji.replaceAll('\uFE0F', ''), e.version);
}
const emojiLines = [`# emoji-test.txt`, `# Version: ${unicodeVersion.replace(/\.0$/, '')}`, ''];
const byVersion = new Map();
for (const sequence of rgi) {
  const cps = codePoints(sequence);
  for (const cp of cps) {
    if (!names.has(cp)) fail(`${ucd}/Sequence_Property/RGI_Emoji: ${cps.map(hex).join(' ')} holds U+${hex(cp)}, which has no name`);
  }
  const version = emojiVersion.get(sequence.replaceAll('\uFE0F', ''));
  if (version === undefined) fail(`emojibase-data/en/data.json: no version for ${cps.map(hex).join(' ')}`);
  const label = `E${Number(version).toFixed(1)}`;
  byVersion.set(label, (byVersion.get(label) ?? 0) + 1);
  if (cps.length < 2) continue;
  const name = english[sequence] ?? english[sequence.replaceAll('\uFE0F', '')];
  if (!name) fail(`cldr-annotations: no English short name for ${cps.map(hex).join(' ')}`);
  emojiLines.push(`${cps.map(hex).join(' ')} ; fully-qualified # ${sequence} ${label} ${name}`);
}
write(path.join(ucdOut, 'emoji/emoji-test.txt'), emojiLines.join('\n') + '\n');
// Each version's emoji against emojibase's own list of what it brought,
// which writes some both with and without U+FE0F, and lists as version 0
// the characters that are emoji only within a sequence (the keycaps'
// digits), which the RGI set does not hold alone.
const versionsFile = path.join(modules, 'emojibase-data/versions/emoji.json');
const unlisted = new Set(byVersion.keys());
for (const [version, hexcodes] of Object.entries(readJson(versionsFile))) {
  if (Number(version) === 0) continue;
  const label = `E${Number(version).toFixed(1)}`;
  const listed = new Set(hexcodes.map((h) => h.split('-').filter((x) => x !== 'FE0F').join('-')));
  const held = byVersion.get(label) ?? 0;
  if (held !== listed.size) fail(`${versionsFile}: emoji ${version} lists ${listed.size}, the RGI set holds ${held} of that version`);
  unlisted.delete(label);
}
if (unlisted.size > 0) fail(`${versionsFile}: no list for ${[...unlisted].join(', ')}`);

// The shortcodes people type in chat and on code hosts (`:tada:`):
// GitHub's, Slack's (iamcal's set, which Slack uses) and CLDR's, as
// emojibase collects them, for each emoji of the RGI set or character.
// One line an emoji: its code points as the RGI set writes it, then its
// shortcodes.
const shortcodeSets = ['github', 'iamcal', 'cldr'];
const withoutVariation = (hexcodes) => hexcodes.filter((h) => h !== 'FE0F').join('-');
const rgiByHexcode = new Map(rgi.map((s) => [withoutVariation(codePoints(s).map(hex)), s]));
const shortcodesOf = new Map();
for (const set of shortcodeSets) {
  const file = path.join(modules, `emojibase-data/en/shortcodes/${set}.json`);
  for (const [hexcode, codes] of Object.entries(readJson(file))) {
    const cps = hexcode.split('-').map((h) => parseInt(h, 16));
    let text = rgiByHexcode.get(withoutVariation(hexcode.split('-')));
    if (text === undefined && cps.length === 1 && names.has(cps[0])) text = String.fromCodePoint(cps[0]);
    if (text === undefined) fail(`${file}: ${hexcode} is neither an RGI emoji nor a named character`);
    if (!shortcodesOf.has(text)) shortcodesOf.set(text, new Set());
    for (const code of [codes].flat()) {
      if (!/^[a-z0-9_+-]+$/.test(code)) fail(`${file}: ${hexcode}'s shortcode ${code} holds more than a-z, 0-9, _, + and -`);
      shortcodesOf.get(text).add(code);
    }
  }
}
const emojibaseVersion = readJson(path.join(modules, 'emojibase-data/package.json')).version;
const shortcodeLines = [`# Shortcodes of emojibase-data ${emojibaseVersion}: ${shortcodeSets.join(', ')}`,
                        '# code points; shortcodes', ''];
for (const [text, codes] of [...shortcodesOf].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
  shortcodeLines.push(`${codePoints(text).map(hex).join(' ')}; ${[...codes].join(' ')}`);
}
write(path.join(output, 'emojibase/shortcodes.txt'), shortcodeLines.join('\n') + '\n');

// The emoticons people type for an emoji (`:)`, `<3`, `xD`), as
// emojibase's data gives them. One line an emoji: its code points as the
// RGI set writes it, a tab, its emoticons a space apart. An emoticon is
// printable ASCII without a space; `#` is one of their characters, so
// the file's comments are whole lines that start with it.
const dataFile = path.join(modules, 'emojibase-data/en/data.json');
const emoticonsOf = new Map();
for (const emoji of readJson(dataFile)) {
  if (emoji.emoticon === undefined) continue;
  const hexcodes = emoji.hexcode.split('-');
  let text = rgiByHexcode.get(withoutVariation(hexcodes));
  if (text === undefined && hexcodes.length === 1 && names.has(parseInt(hexcodes[0], 16))) text = String.fromCodePoint(parseInt(hexcodes[0], 16));
  if (text === undefined) fail(`${dataFile}: ${emoji.hexcode} is neither an RGI emoji nor a named character`);
  if (!emoticonsOf.has(text)) emoticonsOf.set(text, new Set());
  for (const emoticon of [emoji.emoticon].flat()) {
    if (!/^[\x21-\x7E]+$/.test(emoticon)) fail(`${dataFile}: ${emoji.hexcode}'s emoticon '${emoticon}' is not printable ASCII without a space`);
    emoticonsOf.get(text).add(emoticon);
  }
}
const emoticonLines = [`# Emoticons of emojibase-data ${emojibaseVersion}`, '# code points<TAB>emoticons', ''];
for (const [text, emoticons] of [...emoticonsOf].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
  emoticonLines.push(`${codePoints(text).map(hex).join(' ')}\t${[...emoticons].join(' ')}`);
}
write(path.join(output, 'emojibase/emoticons.txt'), emoticonLines.join('\n') + '\n');

console.log(`Exported Unicode ${unicodeVersion} (${names.size} names, ${aliases.length} aliases, ${blocks.length} blocks, ` +
            `${rgi.length} RGI emoji) and CLDR ${cldrVersion} (${fs.readdirSync(path.join(cldrOut, 'annotations')).length} locales) ` +
            `into ${output}`);
console.log('RGI emoji by version, as emojibase counts them: ' + [...byVersion].sort((a, b) => parseFloat(a[0].slice(1)) - parseFloat(b[0].slice(1)))
  .map(([v, n]) => `${v} ${n}`).join(', '));
console.log(`Shortcodes of ${shortcodesOf.size} emoji, ${[...shortcodesOf.values()].reduce((n, codes) => n + codes.size, 0)} in all, ` +
            `from emojibase-data ${emojibaseVersion} (${shortcodeSets.join(', ')}); emoticons of ${emoticonsOf.size} emoji, ` +
            `${[...emoticonsOf.values()].reduce((n, emoticons) => n + emoticons.size, 0)} in all`);
