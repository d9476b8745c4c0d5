// The encoders of answers: a result, the end of an answer and an error, in
// each of the formats (answer_format.hpp). Each owns its framing: what a
// line of text, a JSON line, an element of the API's array or a row of the
// page looks like.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "mojifinder/answer/answer_format.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/index/render.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/query/results.hpp"

namespace mojifinder {

// One result's line: the index's own, or one made for an unnamed code point.
void append_result(std::string& out, const NameIndex& index, Result result, LineEnd end);

// One result as a JSON object on a line of its own:
// {"code_points":["U+1F431"],"characters":"🐱","name":"CAT FACE"}
// (the characters themselves, escaped where JSON or a terminal needs it).
// With a language that gives the entry a short name, it follows:
// ...,"name":"CAT","short_name":"chat"}.
void append_json_result(std::string& out, const NameIndex& index, Result result, LineEnd end,
                        const NameIndex::Locale* language = nullptr);

// One result as an element of the HTTP API's array, as the web original
// wrote it: {"char":"🐱","name":"CAT FACE"} (a sequence's char is all of
// it), and the short name as append_json_result() gives it. No line end:
// elements are separated by commas.
void append_json_array_item(std::string& out, const NameIndex& index, Result result,
                            const NameIndex::Locale* language = nullptr);

// What the page's rows need beside the index: the language whose short
// names lead, and which General_Category bits are combining marks (drawn
// on a dotted circle) and symbols (marked, for a grid of tiles suits them).
struct PageRowStyle {
  const NameIndex::Locale* language = nullptr;
  std::uint32_t marks = 0;
  std::uint32_t symbols = 0;
  static PageRowStyle of(const NameIndex& index, const NameIndex::Locale* language);
};

// One result as an element of the API's array with all the page shows of
// it (`fields=all`): the fields of append_json_array_item(), then `shown`
// (the glyph as the page draws it: a control as its picture, a combining
// mark on U+25CC), `symbol` (shown as a tile), and, for one code point,
// its `block` and `category` ("Other Symbol (So)") when it has them:
// {"char":"🐱","name":"CAT FACE","shown":"🐱","symbol":true,
// "block":"Emoticons","category":"Other Symbol (So)"}.
void append_json_array_item_all(std::string& out, const NameIndex& index, Result result, const PageRowStyle& style);

// One result as an item of the page's list, and a line end:
// <li class="s"><a class="glyph" href="/?q=U%2B1F431">🐱</a><span class="names">
// <span class="name">CAT FACE</span></span><code>U+1F431</code>
// <button type="button" class="copy">Copy</button></li>
// (without the line breaks). The glyph as visible_character() shows it (a
// sequence's every code point, a combining mark on U+25CC), linking to a
// page of its own; with a language that gives it a short name, that first
// (<span class="short">chat</span>) and the name after it. Class "s" marks
// an emoji sequence or a symbol. All of it escaped for HTML.
void append_html_row(std::string& out, const NameIndex& index, Result result, const PageRowStyle& style);

// The most bytes append_html_row() writes for one result: labels, glyph,
// link, name and short name are each at most a line's length or three
// times it (the link's percent-encoding), beside the fixed markup.
inline constexpr std::size_t max_html_row_bytes = 8 * max_result_line_bytes;

// Which results an answer shows: `shown` of the `total` found, from the
// one at `first` (counting from 0).
struct Page {
  std::size_t total = 0;
  std::size_t first = 0;
  std::size_t shown = 0;
  // When the query's words found nothing and typos were corrected: the
  // query as asked, and what was searched instead (Results::corrected_query()).
  std::string_view asked;
  std::string_view corrected;
  // When no language was given and the words were found in one's
  // keywords and short names: its code (Results::found_in_language()).
  std::string_view found_in;
  // Where the next page would begin; counted from 1, the last one shown.
  std::size_t after() const noexcept { return first + shown; }
  bool partial() const noexcept { return first > 0 || after() < total; }
};

// What closes an answer. Text: the status line, `N found` as the original
// wrote it, or for a partial page `N found, 1 to 50 shown`; after a
// correction, `0 found for pecil; showing pencil, N found`. JSON:
// {"count":N}, or {"count":N,"first":1,"last":50} for a partial page,
// with "corrected_query":"pencil" after the count after a correction. A
// JSON array: its `]`, with no line end. HTML rows: nothing (the page
// around them closes the table).
void append_answer_end(std::string& out, AnswerFormat format, const Page& page, LineEnd end);
// What a correction says after "0 found" (the status line) or "Nothing
// found" (the page's caption): ` for pecil; showing pencil`, each query
// through `escape` for where it goes.
void append_correction(std::string& out, const Page& page, void (*escape)(std::string&, std::string_view));

// An error as the line protocol and the command line write it, without a
// line end: `error: DETAIL` with each control in the detail named (text),
// or {"error":"DETAIL"} (JSON Lines). The HTTP API and the page write
// theirs with its status (http_conversation.hpp).
void append_error(std::string& out, AnswerFormat format, std::string_view detail);
// The same error on a line of text of its own, with CR LF: what a server
// sends a line client before closing (busy, too many connections).
std::string error_line(std::string_view detail);
// The same error as a log writes it: `error: DETAIL`, escaped for a log.
void append_logged_error(std::string& out, std::string_view detail);

}  // namespace mojifinder
