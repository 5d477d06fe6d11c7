// libFuzzer target: the XLSX reader (io::xlsx_sheet_names, io::read_xlsx, io::read_xlsx_sheets).
//
// Two input forms, so that mutations reach the XML and not only the zip container:
//  - a zip file (starts with "PK"): written as is to a temporary .xlsx;
//  - otherwise package parts separated by form feeds (\f), each part's first line its name in the
//    zip ("xl/worksheets/sheet1.xml"), the rest its content; the harness zips them (deflated, so
//    every CRC is right) and reads that. fuzz/corpus/xlsx has seeds of both forms.
#include <minizip/zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "io/xlsx.hpp"

using namespace safetynet;

namespace {

// Zips the parts of `text` into `path`; false if no part has a name.
bool zip_parts(std::string_view text, const std::string& path) {
  zipFile z = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (z == nullptr) std::abort();
  int written = 0;
  for (std::string_view part : fuzz::split_parts(text)) {
    const std::size_t nl = part.find('\n');
    std::string name(part.substr(0, nl));
    std::string_view body = nl == std::string_view::npos ? std::string_view() : part.substr(nl + 1);
    if (!name.empty() && name.back() == '\r') name.pop_back();
    if (name.empty() || name.find('\0') != std::string::npos || name.size() > 200) continue;
    zip_fileinfo info{};
    if (zipOpenNewFileInZip64(z, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                              Z_BEST_SPEED, 0) != ZIP_OK) {
      continue;  // minizip refuses some names; that is the harness's limit, not the reader's
    }
    if (!body.empty()) zipWriteInFileInZip(z, body.data(), static_cast<unsigned>(body.size()));
    zipCloseFileInZip(z);
    ++written;
  }
  zipClose(z, nullptr);
  return written > 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string path;
  if (bytes.substr(0, 2) == "PK") {
    path = fuzz::write_scratch("input.xlsx", bytes);
  } else {
    path = fuzz::scratch_dir() + "/parts.xlsx";
    std::remove(path.c_str());
    if (!zip_parts(bytes, path)) return 0;
  }

  auto names = io::xlsx_sheet_names(path);
  if (!names.ok()) return 0;
  // Row numbers are the file's: a sheet whose one cell is at row 1,048,576 is a million blank rows
  // (docs/fuzzing.md). Read whole (stored) only small workbooks, so that a few such sheets do not
  // make a slow input out of what is the reader's contract.
  if (names->size() <= 2) {
    auto sheets = io::read_xlsx_sheets(path);
    if (sheets.ok()) {
      if (sheets->size() != names->size()) std::abort();
      for (const io::Sheet& s : *sheets) {
        for (const io::Row& row : s.rows) {
          for (const std::string& cell : row) (void)io::excel_serial_to_date(cell);
        }
      }
    }
  }
  // Each sheet streamed: one to the end, the others stopping after a few rows (the early-stop path).
  for (std::size_t i = 0; i < names->size() && i < 8; ++i) {
    long seen = 0;
    std::size_t cells = 0;
    auto r = io::read_xlsx(path, (*names)[i], [&](long, const io::Row& row) {
      cells += row.size();
      return ++seen < 3 || i == 0;
    });
    if (r.ok() && *r != seen) std::abort();
  }
  return 0;
}
