// Signatures of webhook deliveries, so a receiver can tell Northstar's requests from
// anyone else's and reject a replayed one.
//
// A signed delivery carries two headers:
//   X-Northstar-Timestamp: 1764772800          (Unix seconds when the attempt was sent)
//   X-Northstar-Signature: sha256=<64 hex>     HMAC-SHA256(secret, timestamp + "." + body)
// The timestamp is inside the signed text, so it cannot be changed without the secret;
// a receiver recomputes the HMAC over the raw body, compares in constant time and
// rejects timestamps older than a few minutes (docs/acting.md shows a receiver).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace northstar::actions {

inline constexpr const char* kTimestampHeader = "X-Northstar-Timestamp";
inline constexpr const char* kSignatureHeader = "X-Northstar-Signature";

// Lower-case hex of HMAC-SHA256(key, message); any key length (libsodium).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// The X-Northstar-Signature value for a body sent at `unix_seconds`: "sha256=<hex>".
std::string SignDelivery(std::string_view secret, int64_t unix_seconds, std::string_view body);

}  // namespace northstar::actions
