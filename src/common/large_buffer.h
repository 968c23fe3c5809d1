// Large buffers written once from start to end (per-row arrays of 10 M rows, batches
// being built): their pages are mapped up front instead of one page fault per 4 KiB as
// values are written. In a virtual machine each fault is a trip through the hypervisor,
// and for a 40 MB array the faults cost more than writing the values.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace northstar {

// Asks for transparent huge pages over [begin, begin + bytes) and maps its whole pages
// for writing in one call. Only an optimization: buffers under 64 KiB and kernels
// without MADV_POPULATE_WRITE (Linux < 5.14) or huge pages are left as they are.
void PrepareForWrite(void* begin, size_t bytes);

// Resizes `v` to `n` copies of `value` with its storage prepared first.
template <typename T>
void AssignLarge(std::vector<T>& v, size_t n, const T& value) {
  v.clear();
  v.reserve(n);
  PrepareForWrite(v.data(), n * sizeof(T));
  v.assign(n, value);
}

}  // namespace northstar
