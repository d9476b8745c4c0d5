// Runs a program and captures what it prints, for tests of the built
// binaries.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace mojifinder::test {

struct ProcessResult {
  int exit_status;
  std::string out;
};

// Runs `command` through the shell; standard error is left to the test log.
inline ProcessResult run_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  ProcessResult result{-1, {}};
  std::array<char, 65536> buffer;
  while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// What a server must send for `query`: what `program search QUERY` prints,
// with the wire's CR LF, then the prompt. The server and the command line
// must agree byte for byte.
inline std::string command_line_answer(const std::string& program, const std::string& query) {
  std::string wire;
  for (const char c : run_command(program + " search " + query).out) {
    if (c == '\n') wire += '\r';
    wire += c;
  }
  return wire + "?> ";
}

}  // namespace mojifinder::test
