#include "auth/secret.h"

#include <sodium.h>

#include <charconv>

namespace northstar::auth {

static_assert(crypto_generichash_BYTES == std::tuple_size_v<SecretHash>);

std::string Base64Url(const unsigned char* bytes, size_t size) {
  std::string text(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  text.resize(text.find('\0'));
  return text;
}

std::string RandomSecret() {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return Base64Url(bytes.data(), bytes.size());
}

SecretHash HashOf(std::string_view secret) {
  SecretHash hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  return hash;
}

std::optional<std::pair<int64_t, std::string_view>> SplitCredential(std::string_view text,
                                                                    std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
  text.remove_prefix(prefix.size());
  const size_t sep = text.find('_');
  if (sep == std::string_view::npos) return std::nullopt;
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + sep, id);
  if (ec != std::errc() || end != text.data() + sep) return std::nullopt;
  return std::make_pair(id, text.substr(sep + 1));
}

bool SameHash(const void* stored, int stored_size, const SecretHash& presented) {
  return stored != nullptr && stored_size == static_cast<int>(presented.size()) &&
         sodium_memcmp(stored, presented.data(), presented.size()) == 0;
}

}  // namespace northstar::auth
