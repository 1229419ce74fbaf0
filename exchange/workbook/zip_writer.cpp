#include "exchange/workbook/zip_writer.hpp"

#include <zip.h>

#include <cstdio>
#include <stdexcept>

namespace kyosei::exchange::workbook {
namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("zip: " + what); }

// The source (an in-memory buffer) owned here until the end: zip_close writes into it.
class Source {
 public:
  Source() {
    zip_error_init(&err_);
    src_ = zip_source_buffer_create(nullptr, 0, 0, &err_);
    if (src_ == nullptr) fail("cannot create buffer");
    zip_source_keep(src_);
  }
  ~Source() {
    zip_source_free(src_);
    zip_error_fini(&err_);
  }
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;
  zip_source_t* get() { return src_; }
  zip_error_t* err() { return &err_; }

  std::string bytes() {
    if (zip_source_open(src_) != 0) fail("cannot reopen buffer");
    std::string out;
    if (zip_source_seek(src_, 0, SEEK_END) == 0) {
      const zip_int64_t size = zip_source_tell(src_);
      if (size > 0) {
        out.resize(static_cast<std::size_t>(size));
        zip_source_seek(src_, 0, SEEK_SET);
        if (zip_source_read(src_, out.data(), out.size()) != size) out.clear();
      }
    }
    zip_source_close(src_);
    if (out.empty()) fail("cannot read buffer");
    return out;
  }

 private:
  zip_error_t err_{};
  zip_source_t* src_ = nullptr;
};

}  // namespace

std::string to_zip(const std::vector<ZipEntry>& entries) {
  Source src;
  zip_t* za = zip_open_from_source(src.get(), ZIP_TRUNCATE, src.err());
  if (za == nullptr) fail("cannot open archive");
  for (const auto& e : entries) {
    zip_source_t* data = zip_source_buffer(za, e.bytes.data(), e.bytes.size(), 0);
    if (data == nullptr) {
      zip_discard(za);
      fail("cannot add " + e.name);
    }
    const zip_int64_t idx = zip_file_add(za, e.name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(data);
      zip_discard(za);
      fail("cannot add " + e.name);
    }
    zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
  }
  if (zip_close(za) != 0) {
    zip_discard(za);
    fail("cannot write archive");
  }
  return src.bytes();
}

}  // namespace kyosei::exchange::workbook
