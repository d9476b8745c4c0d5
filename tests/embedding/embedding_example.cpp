// A program that embeds the mojifinder server in its own io_context, beside
// work of its own (a ticking timer), and talks to it over both protocols:
// the line protocol and HTTP. Built twice: by the
// project's own build, and against an installed mojifinder by a separate
// CMake project; both runs are ctest cases. Exits 0 when all went well.
#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <chrono>
#include <iostream>
#include <mojifinder/embedded_index.hpp>
#include <mojifinder/server/server.hpp>

using namespace std::chrono_literals;

// The program's own work: a timer that keeps ticking while clients are
// served, until `running` goes false. (cancel() alone could miss a tick
// whose completion is already queued.)
asio::awaitable<void> tick(asio::steady_timer& timer, const bool& running, int& ticks) {
  while (running) {
    timer.expires_after(1ms);
    co_await timer.async_wait(asio::experimental::as_tuple(asio::use_awaitable));
    ++ticks;
  }
}

// A client of the embedded server: one query, the answer read to its prompt.
asio::awaitable<std::string> ask(asio::ip::tcp::endpoint server, std::string query) {
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(server, asio::use_awaitable);
  std::string received;
  co_await asio::async_read_until(socket, asio::dynamic_buffer(received), "?> ", asio::use_awaitable);
  received.clear();
  co_await asio::async_write(socket, asio::buffer(query + "\r\n"), asio::use_awaitable);
  co_await asio::async_read_until(socket, asio::dynamic_buffer(received), "found\r\n?> ", asio::use_awaitable);
  co_return received;
}

// A client of the embedded server's HTTP port: one GET, the response read
// to its end (Connection: close).
asio::awaitable<std::string> get(asio::ip::tcp::endpoint server, std::string target) {
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(server, asio::use_awaitable);
  const auto request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  co_await asio::async_write(socket, asio::buffer(request), asio::use_awaitable);
  std::string received;
  co_await asio::async_read(socket, asio::dynamic_buffer(received),
                            asio::experimental::as_tuple(asio::use_awaitable));  // to the end of the stream
  co_return received;
}

int main() {
  asio::io_context io;
  mojifinder::Server server(io.get_executor(), mojifinder::embedded_name_index(), {.port = 0, .http_port = 0});
  asio::co_spawn(io, server.run(), asio::detached);

  asio::steady_timer timer(io);
  int ticks = 0;
  bool running = true;
  asio::co_spawn(io, tick(timer, running, ticks), asio::detached);

  std::string answer, response;
  const auto both = [&]() -> asio::awaitable<void> {
    answer = co_await ask(server.local_endpoint(), "cat face");
    response = co_await get(*server.http_endpoint(), "/search?q=cat+face");
  };
  asio::co_spawn(io, both(), [&](std::exception_ptr) {
    // Done: stop the server and the program's own work, and io.run() returns.
    server.stop();
    running = false;
    timer.cancel();
  });
  io.run();

  const bool served = answer.starts_with("U+1F431\t\U0001F431\tCAT FACE\r\n") && answer.ends_with(" 10 found\r\n?> ");
  const bool served_http = response.starts_with("HTTP/1.1 200 OK\r\n") &&
                           response.find("\r\nX-Total-Count: 10\r\n") != std::string::npos &&
                           response.find("\r\n\r\n[{\"char\":\"\U0001F431\",\"name\":\"CAT FACE\"},") != std::string::npos;
  std::cout << "line answer: " << (served ? "as expected" : "WRONG") << ", HTTP answer: "
            << (served_http ? "as expected" : "WRONG") << ", timer ticks meanwhile: " << ticks << '\n';
  return served && served_http ? 0 : 1;
}
