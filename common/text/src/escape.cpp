#include "mojifinder/text/escape.hpp"

#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/utf8.hpp"

namespace mojifinder {

namespace {

constexpr const char* lower_hex = ascii::lower_hex_digits.data();
constexpr const char* upper_hex = ascii::upper_hex_digits.data();

void append_hex(std::string& out, std::uint32_t value, int digits, const char* hex) {
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out.push_back(hex[(value >> shift) & 0xF]);
}

// Calls `character(cp, bytes)` for each character of `text` and
// `invalid(byte)` for each byte that is not part of one.
template <typename Character, typename Invalid>
void for_each_character(std::string_view text, Character character, Invalid invalid) {
  while (!text.empty()) {
    const auto byte = static_cast<unsigned char>(text[0]);
    if (byte < 0x80) {
      character(static_cast<char32_t>(byte), text.substr(0, 1));
      text.remove_prefix(1);
      continue;
    }
    if (const auto decoded = utf8::decode(text)) {
      character(decoded->code_point, text.substr(0, decoded->length));
      text.remove_prefix(decoded->length);
    } else {
      invalid(byte);
      text.remove_prefix(1);
    }
  }
}

void append_json_character(std::string& out, char32_t cp) {
  if (cp == '"' || cp == '\\') {
    out.push_back('\\');
    out.push_back(static_cast<char>(cp));
  } else if (is_disruptive(cp)) {
    out += "\\u";
    append_hex(out, cp, 4, lower_hex);
  } else if (cp >= 0xD800 && cp <= 0xDFFF) {
    out += "\\ufffd";
  } else {
    utf8::append(out, cp);
  }
}

void append_log(std::string& out, std::string_view text, bool quoted) {
  for_each_character(
      text,
      [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
          case '\\': out += "\\\\"; return;
          case '\t': out += "\\t"; return;
          case '\r': out += "\\r"; return;
          case '\n': out += "\\n"; return;
          case '\'':
            if (quoted) out.push_back('\\');
            out.push_back('\'');
            return;
          default:
            break;
        }
        if (!is_disruptive(cp)) {
          out += bytes;
        } else if (cp < 0x100) {
          out += "\\x";
          append_hex(out, cp, 2, lower_hex);
        } else {
          out += "\\u";
          append_hex(out, cp, 4, lower_hex);
        }
      },
      [&](unsigned char byte) {
        out += "\\udc";
        append_hex(out, byte, 2, lower_hex);
      });
}

}  // namespace

void append_terminal_text(std::string& out, std::string_view text) {
  for_each_character(
      text,
      [&](char32_t cp, std::string_view bytes) {
        if (!is_disruptive(cp)) {
          out += bytes;
          return;
        }
        out += "<U+";
        append_hex(out, cp, 4, upper_hex);
        out.push_back('>');
      },
      [&](unsigned char byte) {
        out += "<0x";
        append_hex(out, byte, 2, upper_hex);
        out.push_back('>');
      });
}

void append_json_text(std::string& out, std::string_view text) {
  for_each_character(
      text, [&](char32_t cp, std::string_view) { append_json_character(out, cp); },
      [&](unsigned char) { utf8::append(out, 0xFFFD); });
}

void append_json_string(std::string& out, std::u32string_view code_points) {
  out.push_back('"');
  for (const char32_t cp : code_points) append_json_character(out, cp);
  out.push_back('"');
}

void append_json_string(std::string& out, std::span<const std::uint32_t> code_points) {
  out.push_back('"');
  for (const auto cp : code_points) append_json_character(out, static_cast<char32_t>(cp));
  out.push_back('"');
}

void append_url_query_text(std::string& out, std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (ascii::is_letter(c) || ascii::is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '*') {
      out += c;
    } else if (byte == ' ') {
      out += '+';
    } else {
      out += '%';
      out += ascii::upper_hex_digits[byte >> 4];
      out += ascii::upper_hex_digits[byte & 0xF];
    }
  }
}

void append_html_text(std::string& out, std::string_view text) {
  for_each_character(
      text,
      [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
          case '&': out += "&amp;"; return;
          case '<': out += "&lt;"; return;
          case '>': out += "&gt;"; return;
          case '"': out += "&quot;"; return;
          case '\'': out += "&#39;"; return;
          default: break;
        }
        if (is_disruptive(cp)) {
          utf8::append(out, 0xFFFD);
        } else {
          out += bytes;
        }
      },
      [&](unsigned char) { utf8::append(out, 0xFFFD); });
}

void append_log_text(std::string& out, std::string_view text) { append_log(out, text, false); }

void append_log_quoted(std::string& out, std::string_view text) {
  out.push_back('\'');
  append_log(out, text, true);
  out.push_back('\'');
}

}  // namespace mojifinder
