#include "actions/signature.h"

#include <sodium.h>

namespace northstar::actions {

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  // libsodium wants sodium_init first (once; thread-safe). Its only failure is setting
  // up the random generator, which an HMAC does not use.
  [[maybe_unused]] static const int kSodiumReady = sodium_init();
  crypto_auth_hmacsha256_state state;
  // The streaming API takes keys of any length (the one-shot call wants exactly 32 bytes).
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  sodium_memzero(&state, sizeof state);
  return std::string(hex, crypto_auth_hmacsha256_BYTES * 2);
}

std::string SignDelivery(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  std::string text = std::to_string(unix_seconds);
  text += '.';
  text.append(body);
  return "sha256=" + HmacSha256Hex(secret, text);
}

}  // namespace northstar::actions
