// The secrets behind tokens and session cookies: random, shown once, stored only as a
// BLAKE2b hash (libsodium) and compared in constant time. A credential reads
// `<prefix><id>_<secret>`: the id finds the row, the secret proves it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace northstar::auth {

using SecretHash = std::array<unsigned char, 32>;  // crypto_generichash_BYTES

// 32 random bytes as base64url without padding.
std::string RandomSecret();
SecretHash HashOf(std::string_view secret);
// `bytes` as base64url without padding.
std::string Base64Url(const unsigned char* bytes, size_t size);
// "<prefix><id>_<secret>" -> {id, secret}; nullopt when it does not read so.
std::optional<std::pair<int64_t, std::string_view>> SplitCredential(std::string_view text,
                                                                    std::string_view prefix);
// Whether a stored hash (a blob of `stored_size` bytes, null when absent) is `presented`,
// in constant time.
bool SameHash(const void* stored, int stored_size, const SecretHash& presented);

}  // namespace northstar::auth
