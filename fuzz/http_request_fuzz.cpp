// Fuzzes the API's request decoding (src/server): the request target, the route table,
// query parameters and JSON bodies. Invariants: no crash, hang or sanitizer report; a
// decoded request never carries a path parameter with a slash, "..", a control
// character or invalid UTF-8, and an asset name is a plain file name; an error is one
// of the statuses a request can earn (400, 404, 413), and its JSON body parses.
//
// Input: when the first byte is 'H', the rest is raw HTTP/1.1 bytes read by the HTTP
// library's own request parser (cpp-httplib's Server::process_request, the code the
// server runs), whose handler decodes the request; otherwise the input is
// "METHOD\nTARGET\nBODY" given to DecodeRequest directly, which reaches deeper faster.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/utf8.h"
#include "server/request_body.h"

namespace {

using northstar::server::ApiError;
using northstar::server::ApiRequest;

void CheckDecoded(const northstar::server::Decoded<ApiRequest>& decoded) {
  if (const auto* error = std::get_if<ApiError>(&decoded)) {
    const int s = error->http_status;
    if (s != 400 && s != 404 && s != 413) std::abort();
    if (error->code.empty() || !northstar::IsValidUtf8(error->message)) std::abort();
    if (nlohmann::json::parse(northstar::server::ApiErrorJson(*error), nullptr, false).is_discarded())
      std::abort();
    return;
  }
  const ApiRequest& request = std::get<ApiRequest>(decoded);
  const std::string& param = request.match.param;
  if (!northstar::IsValidUtf8(param) || param == "." || param == ".." ||
      param.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
    std::abort();
  }
  for (const char c : param) {
    if (static_cast<unsigned char>(c) < 0x20) std::abort();
  }
  if (request.match.route->id == northstar::server::RouteId::kAsset &&
      (param.empty() || param.front() == '.' || param.find("..") == 0)) {
    std::abort();
  }
}

// The HTTP library reads the request from these bytes and writes its answer nowhere.
class BytesStream : public httplib::Stream {
 public:
  explicit BytesStream(std::string_view bytes) : bytes_(bytes) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, bytes_.size() - offset_);
    std::memcpy(ptr, bytes_.data() + offset_, n);
    offset_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char*, size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 1;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 2;
  }
  socket_t socket() const override { return 0; }

 private:
  std::string_view bytes_;
  size_t offset_ = 0;
};

class FuzzServer : public httplib::Server {
 public:
  FuzzServer() {
    const auto handler = [](const httplib::Request& req, httplib::Response& res) {
      CheckDecoded(northstar::server::DecodeRequest(req.method, req.target, req.body, {}));
      res.status = 200;
    };
    Get(".*", handler);
    Post(".*", handler);
    Delete(".*", handler);
    set_payload_max_length(1 << 20);
  }
  void Serve(std::string_view bytes) {
    BytesStream stream(bytes);
    bool closed = false;
    process_request(stream, /*close_connection=*/true, closed, nullptr);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256 * 1024) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (!input.empty() && input.front() == 'H') {
    static FuzzServer* server = new FuzzServer();
    server->Serve(input.substr(1));
    return 0;
  }
  const size_t first = input.find('\n');
  const size_t second = first == std::string_view::npos ? first : input.find('\n', first + 1);
  const std::string_view method = input.substr(0, first);
  const std::string_view target =
      first == std::string_view::npos ? std::string_view() : input.substr(first + 1, second - first - 1);
  const std::string_view body =
      second == std::string_view::npos ? std::string_view() : input.substr(second + 1);
  CheckDecoded(northstar::server::DecodeRequest(method, target, body, {}));
  return 0;
}
