#pragma once
// The one file-type sniffer: what a file is, from its bytes (libmagic), never from its
// name. Evidence uploads use it now, workbook and dataset uploads later. Thread-safe.

#include <string>
#include <string_view>

namespace kyosei::app {

// The MIME type libmagic finds in `bytes` ("image/png", "text/plain", …), or "" when the
// magic database could not be loaded or recognises nothing.
std::string sniff_media_type(std::string_view bytes);

}  // namespace kyosei::app
