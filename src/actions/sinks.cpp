#include "actions/sinks.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace northstar::actions {
namespace {

class StreamSink final : public AlertSink {
 public:
  explicit StreamSink(std::ostream& out) : out_(out) {}
  Status Send(const Alert& alert) override {
    out_ << AlertText(alert) << "\n\n";
    out_.flush();
    return out_ ? Status::Ok() : Status::IOError("cannot write alert to the terminal");
  }
  std::string Name() const override { return "stdout"; }
  bool Recorded() const override { return false; }

 private:
  std::ostream& out_;
};

class JsonLinesSink final : public AlertSink {
 public:
  explicit JsonLinesSink(std::string path) : path_(std::move(path)) {}
  Status Send(const Alert& alert) override {
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    std::ofstream out(path_, std::ios::app | std::ios::binary);
    out << AlertToJson(alert).dump() << "\n";
    out.flush();
    return out ? Status::Ok() : Status::IOError("cannot append to " + path_);
  }
  std::string Name() const override { return path_; }

 private:
  std::string path_;
};

}  // namespace

std::unique_ptr<AlertSink> MakeStreamSink(std::ostream& out) {
  return std::make_unique<StreamSink>(out);
}

std::unique_ptr<AlertSink> MakeJsonLinesSink(const std::string& path) {
  return std::make_unique<JsonLinesSink>(path);
}

}  // namespace northstar::actions
