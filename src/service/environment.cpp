#include "service/environment.h"

namespace northstar::service {

Environment Environment::System() {
  static const time::SystemClock kClock;
  Environment env;
  env.clock = &kClock;
  env.file_system = store::DefaultFileSystem();
  return env;
}

}  // namespace northstar::service
