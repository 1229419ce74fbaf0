// libFuzzer target: the file-type sniffer (libmagic) that judges every uploaded file.
// Property: never crashes, whatever the bytes.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/common/file_type.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)kyosei::app::sniff_media_type(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
