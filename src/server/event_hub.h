// What changed on the server, pushed to open pages as server-sent events
// (`GET /api/v1/events`, text/event-stream): a refresh computed new values, an action
// item or an annotation was written. A page reloads what it shows when an event
// arrives instead of polling.
//
// Events are numbered from 1; the newest kKept are kept so a page that reconnects with
// `?after=N` (the last id it saw) misses nothing recent. Each open stream holds one of
// the server's request threads, so at most kMaxStreams are open at once.
//
// Thread-safe. Stop() wakes every waiting stream so the server can shut down.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace northstar::server {

struct ServerEvent {
  uint64_t id = 0;
  std::string name;  // "refresh", "actions", "annotations"
  std::string data;  // one line of JSON
};

// The text/event-stream frame of one event: "id: N\nevent: NAME\ndata: JSON\n\n".
std::string EventFrame(const ServerEvent& event);

class EventHub {
 public:
  static constexpr size_t kKept = 64;
  static constexpr int kMaxStreams = 16;

  // `data` must be one line (JSON without newlines).
  void Publish(std::string name, std::string data);

  // The kept events with an id above `after`, waiting up to `wait` for one to come.
  // Empty when none came in time, or once stopped.
  std::vector<ServerEvent> After(uint64_t after, std::chrono::milliseconds wait);

  // A stream slot: false when kMaxStreams streams are open (the caller answers 503).
  bool OpenStream();
  void CloseStream();
  int open_streams() const;

  void Stop();
  bool stopped() const;

 private:
  std::vector<ServerEvent> KeptAfter(uint64_t after) const;  // mutex_ held

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<ServerEvent> kept_;
  uint64_t next_id_ = 1;
  int streams_ = 0;
  bool stopped_ = false;
};

}  // namespace northstar::server
