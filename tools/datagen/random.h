// Deterministic random numbers for the example-data generator.
//
// The generator promises byte-identical files for the same seed, on every standard
// library, so it uses its own SplitMix64 stream and derives every draw from it with
// plain arithmetic instead of std:: distributions (whose output is library-defined).
// Each (seed, stream, day) triple gets an independent stream, so a day can be
// regenerated on its own (the late-edit batch re-creates rows of an earlier day).
#pragma once

#include <cmath>
#include <cstdint>

namespace northstar::datagen {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  // An independent stream for one (seed, stream, index) combination.
  static Random For(uint64_t seed, uint64_t stream, uint64_t index) {
    return Random(Mix(Mix(seed ^ 0x6e6f72746873746bULL) ^ (stream * 0x9e3779b97f4a7c15ULL)) ^ Mix(index + 1));
  }

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix(state_);
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n); n > 0.
  int64_t Below(int64_t n) { return static_cast<int64_t>(Uniform() * static_cast<double>(n)); }
  bool Chance(double p) { return Uniform() < p; }
  // Standard normal (Box-Muller, one value per call).
  double Normal() {
    const double u1 = 1.0 - Uniform();  // (0, 1]
    const double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Exponential with the given mean.
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }
  // Index drawn from cumulative weights cum[0..n-1] (cum[n-1] == 1).
  template <typename Array>
  int Pick(const Array& cumulative) {
    const double u = Uniform();
    int i = 0;
    while (i + 1 < static_cast<int>(std::size(cumulative)) && u >= cumulative[i]) ++i;
    return i;
  }

 private:
  static uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t state_;
};

}  // namespace northstar::datagen
