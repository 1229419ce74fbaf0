#pragma once
// A zip archive of several files written in memory (issue 14: every town's workbook of a
// round as one download). libzip, the library that reads the workbooks back; the entries
// are stored (the workbooks are zip packages themselves, deflating them again gains
// nothing). Names are UTF-8 (the archive sets the language-encoding flag, which current
// Windows, macOS and LibreOffice honour). Pure; thread-safe.

#include <string>
#include <vector>

namespace kyosei::exchange::workbook {

struct ZipEntry {
  std::string name;  // the path inside the archive, UTF-8, no leading '/'
  std::string bytes;
};

// Throws std::runtime_error when libzip cannot write the archive.
std::string to_zip(const std::vector<ZipEntry>& entries);

}  // namespace kyosei::exchange::workbook
