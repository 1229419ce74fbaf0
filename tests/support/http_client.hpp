#pragma once
// A small blocking HTTP/1.1 client for black-box tests (Boost.Beast underneath).

#include <map>
#include <string>

namespace kyosei::testing {

struct HttpResult {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? std::string() : it->second;
  }
};

HttpResult http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::map<std::string, std::string>& headers = {},
                        const std::string& body = {});

// Sends raw bytes and returns whatever the server answers before closing (or a timeout).
std::string raw_exchange(unsigned short port, const std::string& bytes, int timeout_ms);

}  // namespace kyosei::testing
