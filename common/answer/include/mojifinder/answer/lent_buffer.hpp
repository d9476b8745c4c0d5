// The lent-buffer rule, in one place.
//
// A thread serves many connections, one turn at a time: a turn reads what
// a client sent, gathers a piece of its answer and writes it, and nothing
// in between suspends (no co_await, no handler posted). So the buffers a
// piece is gathered into (an AnswerPiece, a head, a chunk's size, the
// page's top, compressed bytes, a reply of a few lines, the bytes read)
// need not be each connection's: they are the thread's, lent to the turn,
// and what points into them stays valid until the thread takes the same
// buffer again, in its next turn. A connection that must keep something
// across a suspension (the bytes a full socket did not take) copies it
// into its own storage first.
//
// lent_buffer<Slot>() is that buffer, one a thread for each Slot: a tag
// type that names what it holds (`struct Framing { using type =
// std::string; };`). Every buffer lent to a turn, in every front end and
// in the server, is taken through it, so that one search finds them all;
// a thread_local anywhere else is scratch for the length of one call, or
// a cache made once a thread.
#pragma once

namespace mojifinder {

template <typename Slot>
typename Slot::type& lent_buffer() noexcept {
  thread_local typename Slot::type buffer;
  return buffer;
}

}  // namespace mojifinder
