#include "common/large_buffer.h"

#include <sys/mman.h>

#include <cstdint>

namespace northstar {

void PrepareForWrite(void* begin, size_t bytes) {
#if defined(__linux__)
  constexpr int kPopulateWrite = 23;  // MADV_POPULATE_WRITE, Linux 5.14
  constexpr uintptr_t kPage = 4096, kHugePage = uintptr_t{2} << 20;
  if (bytes < (size_t{64} << 10)) return;
  // Offsets rather than integer-to-pointer casts: the pointers stay derived from `begin`.
  char* const base = static_cast<char*>(begin);
  const uintptr_t addr = reinterpret_cast<uintptr_t>(begin);
  auto up = [&](uintptr_t align) { return static_cast<size_t>((align - addr % align) % align); };
  auto down = [&](uintptr_t align) { return bytes - static_cast<size_t>((addr + bytes) % align); };
  // Whole huge pages inside the range first, so the populate below maps them as such.
  if (down(kHugePage) > up(kHugePage) && bytes >= kHugePage) {
    ::madvise(base + up(kHugePage), down(kHugePage) - up(kHugePage), MADV_HUGEPAGE);
  }
  if (down(kPage) > up(kPage)) ::madvise(base + up(kPage), down(kPage) - up(kPage), kPopulateWrite);
#else
  (void)begin;
  (void)bytes;
#endif
}

}  // namespace northstar
