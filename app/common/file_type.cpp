#include "app/common/file_type.hpp"

#include <magic.h>

#include <mutex>

namespace kyosei::app {
namespace {

// libmagic is not thread-safe per handle: one handle, used under a lock.
class Sniffer {
 public:
  Sniffer() : cookie_(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) {
    if (cookie_ != nullptr && magic_load(cookie_, nullptr) != 0) {
      magic_close(cookie_);
      cookie_ = nullptr;
    }
  }
  ~Sniffer() {
    if (cookie_ != nullptr) magic_close(cookie_);
  }
  Sniffer(const Sniffer&) = delete;
  Sniffer& operator=(const Sniffer&) = delete;
  std::string type_of(std::string_view bytes) {
    std::lock_guard lock(mu_);
    if (cookie_ == nullptr) return {};
    const char* t = magic_buffer(cookie_, bytes.data(), bytes.size());
    return t == nullptr ? std::string() : std::string(t);
  }

 private:
  std::mutex mu_;
  magic_t cookie_;
};

}  // namespace

std::string sniff_media_type(std::string_view bytes) {
  static Sniffer sniffer;
  return sniffer.type_of(bytes);
}

}  // namespace kyosei::app
