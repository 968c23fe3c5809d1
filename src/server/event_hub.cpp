#include "server/event_hub.h"

namespace northstar::server {

std::string EventFrame(const ServerEvent& event) {
  return "id: " + std::to_string(event.id) + "\nevent: " + event.name + "\ndata: " + event.data + "\n\n";
}

void EventHub::Publish(std::string name, std::string data) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    kept_.push_back({next_id_++, std::move(name), std::move(data)});
    if (kept_.size() > kKept) kept_.pop_front();
  }
  changed_.notify_all();
}

std::vector<ServerEvent> EventHub::KeptAfter(uint64_t after) const {
  std::vector<ServerEvent> out;
  for (const ServerEvent& e : kept_) {
    if (e.id > after) out.push_back(e);
  }
  return out;
}

std::vector<ServerEvent> EventHub::After(uint64_t after, std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, wait, [&] { return stopped_ || (!kept_.empty() && kept_.back().id > after); });
  if (stopped_) return {};
  return KeptAfter(after);
}

bool EventHub::OpenStream() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopped_ || streams_ >= kMaxStreams) return false;
  ++streams_;
  return true;
}

void EventHub::CloseStream() {
  std::lock_guard<std::mutex> lock(mutex_);
  --streams_;
}

int EventHub::open_streams() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return streams_;
}

void EventHub::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }
  changed_.notify_all();
}

bool EventHub::stopped() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopped_;
}

}  // namespace northstar::server
