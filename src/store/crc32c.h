// CRC-32C (Castagnoli), the checksum on every block, manifest and CURRENT file of
// the store. Uses the SSE4.2 instruction when the CPU has it, a table otherwise;
// both give the same value (checked by tests against the RFC 3720 vectors).
#pragma once

#include <cstddef>
#include <cstdint>

namespace northstar::store {

// CRC-32C of data[0, n), continuing from `init` (0 for a fresh checksum).
uint32_t Crc32c(const void* data, size_t n, uint32_t init = 0);

}  // namespace northstar::store
