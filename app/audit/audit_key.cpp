#include "app/audit/audit_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "storage/audit/audit_store.hpp"

namespace kyosei::app {
namespace {

std::string new_key_line() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
  std::array<unsigned char, 32> secret{};
  randombytes_buf(secret.data(), secret.size());
  std::string hex(secret.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), secret.data(), secret.size());
  hex.resize(secret.size() * 2);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  return "k" + std::to_string(seconds) + " " + hex + "\n";
}

// Writes a new key file without ever replacing one: a temporary file linked to the name
// (link fails when another process created it first, whose key is then used).
bool create_key_file(const std::filesystem::path& file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  const std::string tmp = file.string() + ".new." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write the audit key file " + tmp);
  const std::string text =
      "# Kyosei audit key (docs/audit.md): keep it outside the database and its backups.\n" +
      new_key_line();
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write the audit key file " + tmp);
  }
  const bool linked = ::link(tmp.c_str(), file.c_str()) == 0;
  ::unlink(tmp.c_str());
  return linked;
}

}  // namespace

AuditKeySetup configure_audit_keys(const std::filesystem::path& file, bool create_if_missing) {
  AuditKeySetup setup;
  setup.file = file;
  if (!std::filesystem::exists(file)) {
    if (!create_if_missing) {
      throw std::runtime_error("the audit key file " + file.string() +
                               " does not exist (KYOSEI_AUDIT_KEY_FILE, --audit-key-file)");
    }
    setup.created = create_key_file(file);
  }
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the audit key file " + file.string());
  std::vector<storage::AuditKey> keys;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string id, hex, rest;
    words >> id >> hex >> rest;
    std::string secret(32, '\0');
    std::size_t length = 0;
    const bool ok = !id.empty() && hex.size() == 64 && rest.empty() &&
                    sodium_hex2bin(reinterpret_cast<unsigned char*>(secret.data()), secret.size(),
                                   hex.data(), hex.size(), nullptr, &length, nullptr) == 0 &&
                    length == 32;
    if (!ok) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                               ": expected '<key id> <64 hex digits>'");
    }
    for (const auto& k : keys) {
      if (k.id == id) {
        throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": key id '" + id +
                                 "' appears twice");
      }
    }
    keys.push_back({id, secret});
  }
  if (keys.empty())
    throw std::runtime_error("the audit key file " + file.string() + " holds no key");
  setup.keys = keys.size();
  setup.current_id = keys.front().id;
  storage::set_audit_keys(std::move(keys));
  return setup;
}

}  // namespace kyosei::app
