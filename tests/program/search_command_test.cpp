// The `mojifinder` program as a user runs it.
#include <doctest/doctest.h>

#include "mojifinder/embedded_index.hpp"
#include "support/oracles.hpp"
#include "support/process.hpp"

using mojifinder::test::run_command;

namespace {

const std::string program = MOJIFINDER_PROGRAM;

std::string rule() {
  std::string out;
  for (int i = 0; i < 66; ++i) out += "\u2500";
  return out;
}

}  // namespace

TEST_CASE("mojifinder search prints the original's lines, LF-terminated") {
  const auto result = run_command(program + " search cat face");
  CHECK(result.exit_status == 0);
  CHECK(result.out ==
        "U+1F431\t\U0001F431\tCAT FACE\n"
        "U+1F638\t\U0001F638\tGRINNING CAT FACE WITH SMILING EYES\n"
        "U+1F639\t\U0001F639\tCAT FACE WITH TEARS OF JOY\n"
        "U+1F63A\t\U0001F63A\tSMILING CAT FACE WITH OPEN MOUTH\n"
        "U+1F63B\t\U0001F63B\tSMILING CAT FACE WITH HEART-SHAPED EYES\n"
        "U+1F63C\t\U0001F63C\tCAT FACE WITH WRY SMILE\n"
        "U+1F63D\t\U0001F63D\tKISSING CAT FACE WITH CLOSED EYES\n"
        "U+1F63E\t\U0001F63E\tPOUTING CAT FACE\n"
        "U+1F63F\t\U0001F63F\tCRYING CAT FACE\n"
        "U+1F640\t\U0001F640\tWEARY CAT FACE\n" +
            rule() + " 10 found\n");
}

TEST_CASE("mojifinder search joins its arguments into one query") {
  CHECK(run_command(program + " search 'cat face'").out == run_command(program + " search cat face").out);
  CHECK(run_command(program + " search CAT-face").out == run_command(program + " search cat face").out);
}

TEST_CASE("mojifinder search with no match prints the status line alone") {
  const auto result = run_command(program + " search brillig");
  CHECK(result.exit_status == 0);
  CHECK(result.out == rule() + " 0 found\n");
}

TEST_CASE("mojifinder search with no words says so on standard error and exits with status 2") {
  const auto result = run_command(program + " search");
  CHECK(result.exit_status == 2);
  CHECK(result.out.empty());
  const auto said = run_command(program + " search 2>&1 >/dev/null");
  CHECK(said.out == "Please give one or more words to search.\n");
  CHECK(run_command(program + " search '  ' 2>&1 >/dev/null").out == "Please give one or more words to search.\n");
}

TEST_CASE("mojifinder --version names the program and the Unicode version") {
  const auto result = run_command(program + " --version");
  CHECK(result.exit_status == 0);
  const auto& index = mojifinder::embedded_name_index();
  std::string expected = "mojifinder " MOJIFINDER_VERSION_STRING " (Unicode ";
  expected.append(index.unicode_version()).append(", emoji ").append(index.emoji_version());
  expected.append(", CLDR ").append(index.cldr_version()).append(")\n");
  CHECK(result.out == expected);
}

TEST_CASE("mojifinder search --lang finds by a language's keywords, and languages lists them") {
  const auto french = run_command(program + " search --lang fr --json chat qui boude");
  CHECK(french.exit_status == 0);
  CHECK(french.out ==
        "{\"code_points\":[\"U+1F63E\"],\"characters\":\"\U0001F63E\",\"name\":\"POUTING CAT FACE\",\"short_name\":\"chat "
        "qui boude\"}\n{\"count\":1}\n");
  const auto unknown = run_command(program + " search --lang xx cat 2>&1");
  CHECK(unknown.exit_status == 2);
  CHECK(unknown.out == "error: no language xx (mojifinder languages lists them)\n");
  // An empty code is no language at all, said so; a huge one is not echoed whole.
  const auto empty = run_command(program + " search --lang '' cat 2>&1");
  CHECK(empty.exit_status == 2);
  CHECK(empty.out.find("--lang: takes a language code (fr, pt-BR)") != std::string::npos);
  const auto huge = run_command(program + " search --lang \"$(head -c 100000 /dev/zero | tr '\\0' x)\" cat 2>&1");
  CHECK(huge.exit_status == 2);
  CHECK(huge.out.size() < 200);
  CHECK(huge.out.find("(100000 bytes)") != std::string::npos);
  const auto languages = run_command(program + " languages");
  CHECK(languages.exit_status == 0);
  CHECK(languages.out.find("\nfr\tfrançais\n") != std::string::npos);
  CHECK(languages.out.find("\nja\t日本語\n") != std::string::npos);
}

TEST_CASE("mojifinder --help lists the search command") {
  const auto result = run_command(program + " --help");
  CHECK(result.exit_status == 0);
  CHECK(result.out.find("search") != std::string::npos);
  CHECK(result.out.find("--ucd") != std::string::npos);
}

TEST_CASE("mojifinder --ucd reads names from a UCD directory and answers the same") {
  const auto embedded = run_command(program + " search cjk");
  const auto loaded = run_command(program + " --ucd " MOJIFINDER_UCD_DIR " search cjk");
  CHECK(loaded.exit_status == 0);
  CHECK(loaded.out == embedded.out);
  std::string error;
  const auto cjk = mojifinder::find_all(mojifinder::embedded_name_index(), "cjk", error);
  CHECK(cjk.size() > 90'000);
  std::string status = " ";
  status.append(std::to_string(cjk.size())).append(" found\n");
  CHECK(embedded.out.ends_with(status));
}

TEST_CASE("mojifinder --ucd with a directory that is not a UCD fails with a clear message") {
  const auto result = run_command(program + " --ucd /tmp search cat 2>&1");
  CHECK(result.exit_status == 1);
  CHECK(result.out.find("DerivedName.txt: cannot be read") != std::string::npos);
}

TEST_CASE("mojifinder --cldr with a directory that is not CLDR's fails with a clear message") {
  const auto result = run_command(program + " --cldr /tmp search cat 2>&1");
  CHECK(result.exit_status == 1);
  CHECK(result.out.find("ldml.dtd: cannot be read") != std::string::npos);
}

TEST_CASE("mojifinder search speaks the whole query language") {
  CHECK(run_command(program + " search 'smil*' cat").out ==
        "U+1F638\t😸\tGRINNING CAT FACE WITH SMILING EYES\n"
        "U+1F63A\t😺\tSMILING CAT FACE WITH OPEN MOUTH\n"
        "U+1F63B\t😻\tSMILING CAT FACE WITH HEART-SHAPED EYES\n"
        "U+1F63C\t😼\tCAT FACE WITH WRY SMILE\n" +
            rule() + " 4 found\n");
  CHECK(run_command(program + " search €").out == "U+20AC\t€\tEURO SIGN\n" + rule() + " 1 found\n");
  CHECK(run_command(program + " search u+2600..U+2601").out ==
        "U+2600\t☀\tBLACK SUN WITH RAYS\nU+2601\t☁\tCLOUD\n" + rule() + " 2 found\n");
  const auto too_many = run_command(program + " search U+0..U+FFFF 2>&1");
  CHECK(too_many.exit_status == 2);
  CHECK(too_many.out == "error: too many code points (at most 4096 in one query)\n");
  const auto command = run_command(program + " search /help 2>&1");
  CHECK(command.exit_status == 2);
  CHECK(command.out == "error: session commands work over the wire; here, use --json and --limit\n");
}

TEST_CASE("mojifinder search --limit and --json") {
  CHECK(run_command(program + " search --limit 2 cat face").out ==
        "U+1F431\t\U0001F431\tCAT FACE\nU+1F638\t\U0001F638\tGRINNING CAT FACE WITH SMILING EYES\n" + rule() +
            " 10 found, 1 to 2 shown\n");
  CHECK(run_command(program + " search --limit 10 cat face").out == run_command(program + " search cat face").out);
  CHECK(run_command(program + " search --json --limit 1 cat face").out ==
        "{\"code_points\":[\"U+1F431\"],\"characters\":\"\U0001F431\",\"name\":\"CAT FACE\"}\n"
        "{\"count\":10,\"first\":1,\"last\":1}\n");
  CHECK(run_command(program + " search --json brillig").out == "{\"count\":0}\n");
  CHECK(run_command(program + " search --limit x cat 2>/dev/null").exit_status != 0);
}

TEST_CASE("mojifinder search --order relevance puts the best match first, and code point order stays the default") {
  // Relevance ranks what every field finds.
  std::string error;
  const auto& index = mojifinder::embedded_name_index();
  const auto fire = mojifinder::find_all(index, "fire", error, nullptr, mojifinder::Fields::every_field).size();
  CHECK(run_command(program + " search --order relevance --limit 2 fire").out ==
        "U+1F525\t\U0001F525\tFIRE\nU+1F692\t\U0001F692\tFIRE ENGINE\n" + rule() + " " + std::to_string(fire) +
            " found, 1 to 2 shown\n");
  CHECK(run_command(program + " search --order codepoint fire").out == run_command(program + " search fire").out);
  CHECK(run_command(program + " search fire").out.starts_with("U+2632\t\u2632\tTRIGRAM FOR FIRE\n"));
  const auto count = mojifinder::find_all(index, "chat", error, index.find_locale("fr")).size();
  CHECK(run_command(program + " search --order relevance --lang fr --json --limit 1 chat").out ==
        "{\"code_points\":[\"U+1F408\"],\"characters\":\"\U0001F408\",\"name\":\"CAT\",\"short_name\":\"chat\"}\n"
        "{\"count\":" + std::to_string(count) + ",\"first\":1,\"last\":1}\n");
  // Any case, as language codes are.
  CHECK(run_command(program + " search --order RELEVANCE --limit 2 fire").out ==
        run_command(program + " search --order relevance --limit 2 fire").out);
  const auto bad = run_command(program + " search --order best fire 2>&1");
  CHECK(bad.exit_status == 2);
  CHECK(bad.out.find("--order: best not in {codepoint,relevance}") != std::string::npos);
}

TEST_CASE("mojifinder says so and fails when its output cannot be written") {
  // Standard error to the pipe read here, standard output to a full disk.
  for (const std::string args : {"search cjk", "search cat", "search --json cat face", "--version", "--help"}) {
    CAPTURE(args);
    const auto result = run_command(program + " " + args + " 2>&1 >/dev/full");
    CHECK(result.exit_status == 1);
    CHECK(result.out == "mojifinder: cannot write the output: No space left on device\n");
  }
}

TEST_CASE("mojifinder refuses timeouts that are not a number of seconds, or that round to nothing") {
  for (const std::string value : {"nan", "NaN", "inf", "-1", "0.0001", "1e9", "3s", ""}) {
    for (const std::string option : {"--idle-timeout", "--write-timeout"}) {
      CAPTURE(option + " " + value);
      const auto result = run_command(program + " serve --port 0 " + option + " '" + value + "' 2>&1");
      CHECK(result.exit_status == 2);
      CHECK(result.out.find(option) != std::string::npos);
    }
  }
}

TEST_CASE("mojifinder's usage errors all exit with status 2, and --limit takes what /limit takes") {
  for (const std::string args : {"--bogus", "search --bogus cat", "serve --port 70000", "serve --threads 0",
                                 "serve --log-level loud", "search --limit 0x10 cat", "search --limit 1e3 cat",
                                 "search --limit -1 cat", "search --limit 1000001 cat", "search", "nonsense"}) {
    CAPTURE(args);
    CHECK(run_command(program + " " + args + " 2>/dev/null").exit_status == 2);
  }
  const auto hex = run_command(program + " search --limit 0x10 cat 2>&1");
  CHECK(hex.out.find("takes a number of results from 0 (no limit) to 1000000") != std::string::npos);
  const auto limited = run_command(program + " search --limit 10 cat");
  CHECK(limited.exit_status == 0);
  CHECK(limited.out.find(" 14 found, 1 to 10 shown\n") != std::string::npos);
}

TEST_CASE("mojifinder search answers a shortcode, and corrects a typo saying so") {
  const auto tada = run_command(program + " search :tada:");
  CHECK(tada.exit_status == 0);
  CHECK(tada.out == "U+1F389\t\U0001F389\tPARTY POPPER\n" + rule() + " 1 found\n");
  const auto unknown = run_command(program + " search :nope: 2>&1");
  CHECK(unknown.exit_status == 2);
  CHECK(unknown.out ==
        "error: no emoji has the shortcode :nope:: GitHub's, Slack's and CLDR's, one between colons (:tada:, :+1:, "
        ":white_check_mark:)\n");
  const auto pencil = run_command(program + " search pencil");
  const auto pecil = run_command(program + " search pecil");
  CHECK(pecil.exit_status == 0);
  const auto status_at = pencil.out.rfind(rule()) + rule().size() + 1;
  CHECK(pecil.out == pencil.out.substr(0, status_at) + "0 found for pecil; showing pencil, " + pencil.out.substr(status_at));
  const auto json = run_command(program + " search --json pecil");
  CHECK(json.out.ends_with(",\"corrected_query\":\"pencil\"}\n"));
}
