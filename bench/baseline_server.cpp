// The ceiling of this machine for this protocol: a server that does no
// work. One epoll loop, one thread; every line it receives is answered
// with the same well-framed 560-byte reply (8 result lines and the status
// line) and the prompt. Whatever a real server does costs on top of this.
//
//   baseline_server [--port N]     prints "Serving on 127.0.0.1:PORT."
//   baseline_server --reply-lines N   N result lines a reply instead of 8: the
//                                     ceiling for long answers
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <string>
#include <vector>

namespace {

// `lines` result lines of 44 bytes and the status line: by default 8 and
// 560 bytes in all.
std::string make_reply(int lines) {
  std::string reply;
  for (int i = 0; i < lines; ++i) reply += "U+0041\tA\tBASELINE REPLY LINE OF FIXED SIZE\r\n";
  for (int i = 0; i < 66; ++i) reply += "\u2500";
  reply += ' ';
  reply += std::to_string(lines);
  reply += " found\r\n";
  return reply;
}

struct Client {
  std::string pending;        // reply bytes the socket did not take yet
  bool watching_out = false;  // EPOLLOUT is asked for: the socket was full
};

volatile std::sig_atomic_t stop_requested = 0;

// Writes at once what is pending, and asks for writability only while the
// socket is full: a reply the socket takes costs one send and no
// epoll_ctl, the least a server can do.
void flush(int fd, Client& client, int epoll) {
  std::size_t sent = 0;
  while (sent < client.pending.size()) {
    const auto n = ::send(fd, client.pending.data() + sent, client.pending.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  client.pending.erase(0, sent);
  const bool full = !client.pending.empty();
  if (full == client.watching_out) return;
  client.watching_out = full;
  epoll_event event{};
  event.events = EPOLLIN | (full ? static_cast<unsigned>(EPOLLOUT) : 0u);
  event.data.fd = fd;
  ::epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event);
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  int lines = 8;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--port") == 0) port = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--reply-lines") == 0) lines = std::max(0, std::atoi(argv[i + 1]));
  }
  const std::string reply = make_reply(lines) + "?> ";
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGTERM, [](int) { stop_requested = 1; });
  std::signal(SIGINT, [](int) { stop_requested = 1; });

  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int yes = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listener, 4096) != 0) {
    std::perror("baseline_server");
    return 1;
  }
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::printf("Serving on 127.0.0.1:%d.\n", ntohs(address.sin_port));
  std::fflush(stdout);

  const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = listener;
  ::epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
  std::vector<Client> clients;  // by descriptor
  epoll_event events[256];
  char buffer[65536];
  while (!stop_requested) {
    const int ready = ::epoll_wait(epoll, events, 256, 200);
    for (int i = 0; i < ready; ++i) {
      const int fd = events[i].data.fd;
      if (fd == listener) {
        for (int client; (client = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
          ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
          epoll_event added{};
          added.events = EPOLLIN;
          added.data.fd = client;
          ::epoll_ctl(epoll, EPOLL_CTL_ADD, client, &added);
          if (static_cast<std::size_t>(client) >= clients.size()) clients.resize(static_cast<std::size_t>(client) + 1);
          clients[static_cast<std::size_t>(client)] = Client{"?> ", false};
          flush(client, clients[static_cast<std::size_t>(client)], epoll);
        }
        continue;
      }
      auto& client = clients[static_cast<std::size_t>(fd)];
      bool closed = false;
      if (events[i].events & EPOLLIN) {
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN)) {
          closed = true;
        } else if (n > 0) {
          for (ssize_t b = 0; b < n; ++b) {
            if (buffer[b] == '\n') client.pending += reply;
          }
        }
      }
      if (closed) {
        ::close(fd);
        client = Client{};
        continue;
      }
      flush(fd, client, epoll);
    }
  }
  return 0;
}
