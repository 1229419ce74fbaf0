#pragma once
// The web front end's files (web/dist), served by the same server as the API:
//  - /assets/* (content-hashed by Vite): Cache-Control public, max-age one year, immutable;
//  - any other GET/HEAD path that is a file: no-cache with a strong ETag (304 when it matches);
//  - any other path without a file extension: index.html (the single-page app's routes,
//    history API), no-cache;
//  - /api/… and /healthz paths are never answered here (the API's 404 stays a problem+json).
// Files are read once at start; a rebuilt bundle needs a restart. Paths are matched against
// that in-memory set, so nothing outside the directory can be reached. Thread-safe after
// construction.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "http/server/message.hpp"

namespace kyosei::http {

class StaticFiles {
 public:
  // Loads every file under `root` (throws std::runtime_error when root has no index.html).
  explicit StaticFiles(const std::filesystem::path& root);

  std::optional<Response> serve(const Request& request) const;
  std::size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string gzip;  // precompressed body (FILE.gz beside it), or empty
    std::string etag;
  };
  Response answer(const Request& request, const File& file, bool immutable) const;
  std::map<std::string, File> files_;  // "/assets/index-abc.js" → file
};

// The Content-Type for a file name, by extension ("application/octet-stream" otherwise).
std::string content_type_for(const std::string& file_name);

}  // namespace kyosei::http
