#include "common/large_buffer.h"

#include <sys/mman.h>

#include <cstdint>

namespace northstar {

void PrepareForWrite(void* begin, size_t bytes) {
#if defined(__linux__)
  constexpr int kPopulateWrite = 23;  // MADV_POPULATE_WRITE, Linux 5.14
  constexpr uintptr_t kPage = 4096, kHugePage = uintptr_t{2} << 20;
  if (bytes < (size_t{64} << 10)) return;
  const uintptr_t addr = reinterpret_cast<uintptr_t>(begin);
  const uintptr_t end = addr + bytes;
  // Whole huge pages inside the range first, so the populate below maps them as such.
  const uintptr_t huge_first = (addr + kHugePage - 1) / kHugePage * kHugePage;
  const uintptr_t huge_last = end / kHugePage * kHugePage;
  if (huge_last > huge_first) {
    ::madvise(reinterpret_cast<void*>(huge_first), huge_last - huge_first, MADV_HUGEPAGE);
  }
  const uintptr_t first = (addr + kPage - 1) / kPage * kPage;
  const uintptr_t last = end / kPage * kPage;
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, kPopulateWrite);
#else
  (void)begin;
  (void)bytes;
#endif
}

}  // namespace northstar
