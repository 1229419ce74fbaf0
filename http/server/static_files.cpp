#include "http/server/static_files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kyosei::http {
namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// FNV-1a, 64 bit: a stable validator for a file that only changes with a restart.
std::string etag_of(const std::string& body) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  std::ostringstream out;
  out << '"' << std::hex << h << '-' << std::dec << body.size() << '"';
  return out.str();
}

bool api_path(const std::string& path) {
  return path == "/api" || path.rfind("/api/", 0) == 0 || path == "/healthz";
}

}  // namespace

std::string content_type_for(const std::string& file_name) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  const auto dot = file_name.rfind('.');
  if (dot == std::string::npos) return "application/octet-stream";
  auto it = kTypes.find(file_name.substr(dot));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  if (!fs::is_regular_file(root / "index.html")) {
    throw std::runtime_error("no index.html in " + root.string());
  }
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const auto rel = fs::relative(entry.path(), root).generic_string();
    if (rel.size() > 3 && rel.compare(rel.size() - 3, 3, ".gz") == 0) continue;
    File f;
    f.content_type = content_type_for(rel);
    f.body = read_file(entry.path());
    f.etag = etag_of(f.body);
    const auto gz = fs::path(entry.path().string() + ".gz");
    if (fs::is_regular_file(gz)) f.gzip = read_file(gz);
    files_.emplace("/" + rel, std::move(f));
  }
}

Response StaticFiles::answer(const Request& request, const File& file, bool immutable) const {
  Response r;
  r.headers.emplace_back("Cache-Control",
                         immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("ETag", file.etag);
  r.headers.emplace_back("Vary", "Accept-Encoding");
  if (request.header("if-none-match") == file.etag) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.content_type = file.content_type;
  const bool gzip_ok = request.header("accept-encoding").find("gzip") != std::string::npos;
  if (gzip_ok && !file.gzip.empty()) {
    r.headers.emplace_back("Content-Encoding", "gzip");
    r.body = file.gzip;
  } else {
    r.body = file.body;
  }
  return r;
}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  const std::string& path = request.path.empty() ? std::string("/") : request.path;
  if (api_path(path)) return std::nullopt;
  if (auto it = files_.find(path); it != files_.end()) {
    return answer(request, it->second, path.rfind("/assets/", 0) == 0);
  }
  // A missing file (a name with an extension, or under /assets/) is a plain 404; any other
  // path is one of the app's routes.
  const auto last = path.substr(path.rfind('/') + 1);
  if (path.rfind("/assets/", 0) == 0 || last.find('.') != std::string::npos) return std::nullopt;
  Response r = answer(request, files_.at("/index.html"), false);
  return r;
}

}  // namespace kyosei::http
