// XLSX reading (xlsx.hpp).
//
// The package parts that are small and irregular (`_rels/.rels`, `workbook.xml`, its `.rels`) are
// read whole with pugixml. The parts that grow with the data — worksheets and `sharedStrings.xml` —
// are read with `XmlPull` below, a small pull tokenizer over the inflated zip stream, so a sheet
// costs the shared strings plus one row of memory however many rows it has. (pugixml would hold the
// whole DOM, about seven times the XML; a 1M-row sheet is several hundred MB of XML.)
//
// Merged ranges (`<mergeCells>`) come after `<sheetData>` in the sheet XML, but rows must be
// visited in order with the merged values already repeated, so a sheet is inflated twice: a quick
// pass that jumps over `<sheetData>` with memchr to collect the merges, then the pass that visits
// rows.
#include <minizip/unzip.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <climits>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string_view>
#include <utility>

#include "io/xlsx.hpp"

namespace safetynet::io {
namespace {

constexpr long kMaxRows = 1048576;  // Excel's limit; a larger row number is a corrupt file
constexpr int kMaxCols = 16384;     // XFD

Problem bad_file(const std::string& path, std::string field, std::string message) {
  Problem p = make_problem("bad_file", std::move(field), "", std::move(message));
  p.file = path;
  return p;
}

std::string_view local_name(std::string_view qname) {
  const std::size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool parse_hex(std::string_view s, std::uint32_t& v) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Resolves XML character and entity references in place (the result is never longer). With `text`,
// line ends are normalised to LF as an XML parser must (Excel writes a real CR as `_x000D_`).
void decode_xml(std::string& s, bool text) {
  if (s.find_first_of(text ? "&\r" : "&") == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\r' && text) {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      continue;
    }
    if (c != '&') {
      out += c;
      continue;
    }
    const std::size_t semi = s.find(';', i + 1);
    if (semi == std::string::npos || semi - i > 12) {
      out += c;  // not a reference; keep the ampersand as written rather than fail the file
      continue;
    }
    const std::string_view ref(s.data() + i + 1, semi - i - 1);
    std::uint32_t cp = 0;
    bool ok = true;
    if (ref == "lt") {
      out += '<';
    } else if (ref == "gt") {
      out += '>';
    } else if (ref == "amp") {
      out += '&';
    } else if (ref == "quot") {
      out += '"';
    } else if (ref == "apos") {
      out += '\'';
    } else if (ref.size() > 2 && ref[0] == '#' && (ref[1] == 'x' || ref[1] == 'X')) {
      ok = parse_hex(ref.substr(2), cp) && cp <= 0x10FFFF;
      if (ok) append_utf8(out, cp);
    } else if (ref.size() > 1 && ref[0] == '#') {
      auto r = std::from_chars(ref.data() + 1, ref.data() + ref.size(), cp);
      ok = r.ec == std::errc() && r.ptr == ref.data() + ref.size() && cp <= 0x10FFFF;
      if (ok) append_utf8(out, cp);
    } else {
      ok = false;
    }
    if (!ok) {
      out += c;
      continue;
    }
    i = semi;
  }
  s = std::move(out);
}

// Excel stores characters XML cannot hold (control characters) as `_xHHHH_`, and a literal `_x`
// that would look like one as `_x005F_x…`. Decodes them in place; UTF-16 surrogate pairs combine.
void decode_ooxml_escapes(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  auto unit_at = [&](std::size_t i, std::uint32_t& u) {
    return i + 7 <= s.size() && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' &&
           parse_hex(std::string_view(s).substr(i + 2, 4), u);
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t u = 0;
    if (!unit_at(i, u)) {
      out += s[i++];
      continue;
    }
    if (u >= 0xD800 && u <= 0xDBFF) {
      std::uint32_t lo = 0;
      if (unit_at(i + 7, lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 14;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) {
      out += s[i++];  // a lone surrogate is no character: keep the text as written
      continue;
    }
    append_utf8(out, u);
    i += 7;
  }
  s = std::move(out);
}

// "AB12" -> col 27 (0-based), row 12 (1-based). Either part may be absent from a ref the caller
// only needs half of, so each is reported separately; false when neither parses.
bool parse_cell_ref(std::string_view ref, int& col, long& row) {
  std::size_t i = 0;
  long c = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  const std::size_t letters_start = i;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    c = c * 26 + ((ref[i] | 0x20) - 'a' + 1);
    if (c > kMaxCols) return false;
    ++i;
  }
  if (i == letters_start) return false;
  if (i < ref.size() && ref[i] == '$') ++i;
  long r = 0;
  auto res = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
  if (res.ec != std::errc() || res.ptr != ref.data() + ref.size() || r < 1 || r > kMaxRows) {
    return false;
  }
  col = static_cast<int>(c - 1);
  row = r;
  return true;
}

// Excel writes a number with up to 17 significant digits ("0.6899999999999999" for 0.69 when the
// writer used %.16G, as libxlsxwriter does). Text with 15 digits or fewer is kept exactly as
// stored; longer text is replaced by the shortest decimal that reads back as the same double, which
// is what Excel shows. That never adds digits the file did not mean, and keeps "1234.56" byte for
// byte.
std::string normalise_number(std::string text) {
  int digits = 0;
  bool leading = true;
  for (char c : text) {
    if (c == 'e' || c == 'E') break;
    if (c < '0' || c > '9') continue;
    if (c == '0' && leading) continue;
    leading = false;
    ++digits;
  }
  if (digits <= 15) return text;
  double v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return text;
  char buf[32];
  auto w = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, w.ptr);
}

// ---------------------------------------------------------------------------------------------------
// Zip access

struct UnzCloser {
  void operator()(void* z) const {
    if (z != nullptr) unzClose(static_cast<unzFile>(z));
  }
};

class Zip {
 public:
  static Result<Zip> open(const std::string& path) {
    unzFile z = unzOpen64(path.c_str());
    if (z == nullptr)
      return bad_file(path, "", "无法打开 XLSX 文件（文件不存在或不是 ZIP 压缩包）");
    Zip zip;
    zip.path_ = path;
    zip.z_.reset(z);
    return zip;
  }

  const std::string& path() const { return path_; }
  unzFile handle() const { return static_cast<unzFile>(z_.get()); }

  // Part names are case-insensitive in OPC, and some writers disagree with their own .rels on case.
  bool locate(const std::string& part) const {
    return unzLocateFile(handle(), part.c_str(), 2) == UNZ_OK;
  }

  // The whole part, for the small ones; `bad_file` when it is absent or corrupt.
  Result<std::string> read_all(const std::string& part) const {
    if (!locate(part)) return bad_file(path_, part, "XLSX 文件缺少部件 " + part);
    if (unzOpenCurrentFile(handle()) != UNZ_OK)
      return bad_file(path_, part, "无法读取部件 " + part);
    std::string data;
    char buf[65536];
    int got = 0;
    while ((got = unzReadCurrentFile(handle(), buf, sizeof buf)) > 0) data.append(buf, got);
    const int closed = unzCloseCurrentFile(handle());
    if (got < 0 || closed != UNZ_OK) return bad_file(path_, part, "部件已损坏 " + part);
    return data;
  }

 private:
  std::string path_;
  std::unique_ptr<void, UnzCloser> z_;
};

// Keeps one part open for streaming and closes it on every way out.
class PartStream {
 public:
  explicit PartStream(const Zip& zip) : zip_(zip) {}
  ~PartStream() {
    if (open_) unzCloseCurrentFile(zip_.handle());
  }
  PartStream(const PartStream&) = delete;
  PartStream& operator=(const PartStream&) = delete;

  bool open(const std::string& part) {
    open_ = zip_.locate(part) && unzOpenCurrentFile(zip_.handle()) == UNZ_OK;
    unz_file_info64 info{};
    if (open_ && unzGetCurrentFileInfo64(zip_.handle(), &info, nullptr, 0, nullptr, 0, nullptr, 0) == UNZ_OK)
      size_ = info.uncompressed_size;
    return open_;
  }
  // A read buffer for this part: its size as the zip says (a hint only: XmlPull grows the buffer
  // when a token needs more), between 4 KiB and 256 KiB. A small sheet no longer costs a zeroed
  // 256 KiB buffer per pass (fuzz/xlsx_fuzz spent most of its time there).
  std::size_t buffer_size() const {
    return static_cast<std::size_t>(std::clamp<std::uint64_t>(size_ + 1, 4 << 10, 256 << 10));
  }
  // Bytes read, 0 at the end, negative when the data is corrupt.
  long read(char* dst, std::size_t cap) {
    const unsigned n = static_cast<unsigned>(std::min<std::size_t>(cap, UINT_MAX / 2));
    return unzReadCurrentFile(zip_.handle(), dst, n);
  }

 private:
  const Zip& zip_;
  bool open_ = false;
  std::uint64_t size_ = std::uint64_t{256} << 10;
};

// ---------------------------------------------------------------------------------------------------
// XmlPull: enough XML for SpreadsheetML parts — elements, attributes, text, character references,
// CDATA; comments, processing instructions and DOCTYPE skipped. Namespace prefixes are dropped from
// element names (some writers use `x:row`), which is safe inside one SpreadsheetML part.

class XmlPull {
 public:
  enum class Event { kStart, kEnd, kText, kEndOfDocument, kError };
  using Fill = std::function<long(char*, std::size_t)>;

  explicit XmlPull(Fill fill, std::size_t buffer = std::size_t{256} << 10)
      : fill_(std::move(fill)), buf_(std::max<std::size_t>(buffer, 16)) {}

  Event next() {
    if (pending_end_) {
      pending_end_ = false;
      return Event::kEnd;  // of a self-closing element; name() unchanged
    }
    for (;;) {
      if (!ensure(1)) return error_ ? Event::kError : Event::kEndOfDocument;
      if (buf_[pos_] != '<') {
        read_text();
        return error_ ? Event::kError : Event::kText;
      }
      ++pos_;
      if (!ensure(1)) return Event::kError;
      const char c = buf_[pos_];
      if (c == '/') {
        ++pos_;
        if (!read_tag()) return Event::kError;
        parse_name();
        return Event::kEnd;
      }
      if (c == '?') {
        if (!skip_past("?>")) return Event::kError;
        continue;
      }
      if (c == '!') {
        ensure(8);
        const std::string_view ahead(buf_.data() + pos_, end_ - pos_);
        if (ahead.substr(0, 3) == "!--") {
          if (!skip_past("-->")) return Event::kError;
          continue;
        }
        if (ahead.substr(0, 8) == "![CDATA[") {
          pos_ += 8;
          if (!read_cdata()) return Event::kError;
          return Event::kText;
        }
        if (!skip_past(">")) return Event::kError;  // DOCTYPE; SpreadsheetML has no internal subset
        continue;
      }
      if (!read_tag()) return Event::kError;
      parse_name();
      parse_attributes();
      return Event::kStart;
    }
  }

  // Local name of the element of the last kStart/kEnd.
  std::string_view name() const { return name_; }
  // Whether the last kStart was `<x/>` (its kEnd follows at once).
  bool self_closing() const { return pending_end_; }
  // Text of the last kText, references resolved.
  const std::string& text() const { return text_; }

  // Value of attribute `qname` (as written, prefix included) of the last kStart, or nullopt.
  std::optional<std::string_view> attr(std::string_view qname) {
    for (const auto& [n, v] : attrs_) {
      if (n != qname) continue;
      if (v.find('&') == std::string_view::npos) return v;
      scratch_.assign(v);
      decode_xml(scratch_, false);
      return std::string_view(scratch_);
    }
    return std::nullopt;
  }

  // Jumps to just after the end tag `</…local>` without tokenizing what lies between: raw text
  // holds no '<' in well-formed XML, so every '<' starts markup, and only end tags need a look.
  bool skip_to_end(std::string_view local) {
    for (;;) {
      const void* lt = std::memchr(buf_.data() + pos_, '<', end_ - pos_);
      if (lt == nullptr) {
        pos_ = end_;
        if (!fill_more()) return false;
        continue;
      }
      pos_ = static_cast<std::size_t>(static_cast<const char*>(lt) - buf_.data()) + 1;
      if (!ensure(1)) return false;
      if (buf_[pos_] != '/') continue;
      ++pos_;
      if (!read_tag()) return false;
      parse_name();
      if (name_ == local) return true;
    }
  }

  bool failed() const { return error_; }

 private:
  // Moves the unread bytes to the front and reads more after them (growing the buffer for a token
  // longer than it). False at the end of the part or on a read error.
  bool fill_more() {
    if (pos_ > 0) {
      std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
      end_ -= pos_;
      pos_ = 0;
    }
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
    const long got = fill_(buf_.data() + end_, buf_.size() - end_);
    if (got < 0) error_ = true;
    if (got <= 0) return false;
    end_ += static_cast<std::size_t>(got);
    return true;
  }

  bool ensure(std::size_t n) {
    while (end_ - pos_ < n) {
      if (!fill_more()) return false;
    }
    return true;
  }

  bool skip_past(std::string_view needle) {
    for (;;) {
      const std::string_view hay(buf_.data() + pos_, end_ - pos_);
      const std::size_t at = hay.find(needle);
      if (at != std::string_view::npos) {
        pos_ += at + needle.size();
        return true;
      }
      // Keep a possible partial match at the end.
      if (hay.size() >= needle.size()) pos_ = end_ - (needle.size() - 1);
      if (!fill_more()) return false;
    }
  }

  // The inside of a tag, up to the '>' that is not inside a quoted attribute value.
  bool read_tag() {
    tag_.clear();
    char quote = 0;
    for (;;) {
      if (pos_ == end_ && !fill_more()) return false;
      std::size_t i = pos_;
      for (; i < end_; ++i) {
        const char ch = buf_[i];
        if (quote != 0) {
          if (ch == quote) quote = 0;
        } else if (ch == '"' || ch == '\'') {
          quote = ch;
        } else if (ch == '>') {
          break;
        }
      }
      tag_.append(buf_.data() + pos_, i - pos_);
      pos_ = i;
      if (i < end_) {
        ++pos_;
        return true;
      }
    }
  }

  void read_text() {
    text_.clear();
    for (;;) {
      const void* lt = std::memchr(buf_.data() + pos_, '<', end_ - pos_);
      const std::size_t stop =
          lt ? static_cast<std::size_t>(static_cast<const char*>(lt) - buf_.data()) : end_;
      text_.append(buf_.data() + pos_, stop - pos_);
      pos_ = stop;
      if (lt != nullptr || !fill_more()) break;
    }
    decode_xml(text_, true);
  }

  bool read_cdata() {
    text_.clear();
    for (;;) {
      const std::string_view hay(buf_.data() + pos_, end_ - pos_);
      const std::size_t at = hay.find("]]>");
      if (at != std::string_view::npos) {
        text_.append(hay.substr(0, at));
        pos_ += at + 3;
        return true;
      }
      const std::size_t keep = std::min<std::size_t>(hay.size(), 2);
      text_.append(hay.substr(0, hay.size() - keep));
      pos_ = end_ - keep;
      if (!fill_more()) return false;
    }
  }

  void parse_name() {
    std::size_t i = 0;
    while (i < tag_.size() && !is_space(tag_[i]) && tag_[i] != '/') ++i;
    name_ = local_name(std::string_view(tag_).substr(0, i));
    name_end_ = i;
  }

  void parse_attributes() {
    attrs_.clear();
    const std::string_view t(tag_);
    std::size_t i = name_end_;
    for (;;) {
      while (i < t.size() && is_space(t[i])) ++i;
      if (i >= t.size()) break;
      if (t[i] == '/') {
        pending_end_ = true;
        break;
      }
      const std::size_t n0 = i;
      while (i < t.size() && t[i] != '=' && !is_space(t[i]) && t[i] != '/') ++i;
      const std::string_view n = t.substr(n0, i - n0);
      while (i < t.size() && is_space(t[i])) ++i;
      if (i >= t.size() || t[i] != '=') continue;  // malformed; skip the stray name
      ++i;
      while (i < t.size() && is_space(t[i])) ++i;
      if (i >= t.size() || (t[i] != '"' && t[i] != '\'')) break;
      const char q = t[i++];
      const std::size_t close = t.find(q, i);
      if (close == std::string_view::npos) break;
      attrs_.emplace_back(n, t.substr(i, close - i));
      i = close + 1;
    }
  }

  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  Fill fill_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;  // unread bytes are buf_[pos_, end_)
  bool error_ = false;
  bool pending_end_ = false;
  std::string tag_;  // inside of the last tag; name_ and attrs_ point into it
  std::string_view name_;
  std::size_t name_end_ = 0;
  std::vector<std::pair<std::string_view, std::string_view>> attrs_;
  std::string text_;
  std::string scratch_;
};

// ---------------------------------------------------------------------------------------------------
// Package structure

struct SheetRef {
  std::string name;
  std::string part;  // zip entry of the worksheet XML
};

struct Workbook {
  std::vector<SheetRef> sheets;  // worksheets in workbook order (chart sheets left out: no cells)
  std::string shared_strings;    // part name, "" when the workbook has none
};

// "xl/workbook.xml" -> "xl/".
std::string dir_of(const std::string& part) {
  const std::size_t slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

// A relationship target resolved against the source part's folder; "/xl/x.xml" is from the root.
std::string resolve(const std::string& base_dir, std::string_view target) {
  std::string joined = !target.empty() && target[0] == '/' ? std::string(target.substr(1))
                                                           : base_dir + std::string(target);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    const std::string seg = joined.substr(start, slash - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

pugi::xml_node child_local(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node n : parent.children()) {
    if (local_name(n.name()) == local) return n;
  }
  return {};
}

Result<pugi::xml_document*> parse_part(const Zip& zip, const std::string& part,
                                       pugi::xml_document& doc) {
  Result<std::string> data = zip.read_all(part);
  if (!data) return data.problems();
  const pugi::xml_parse_result r = doc.load_buffer(data->data(), data->size());
  if (!r) return bad_file(zip.path(), part, std::string("XML 格式错误：") + r.description());
  return &doc;
}

struct Relationship {
  std::string type;    // URI; matched by its last segment so transitional and strict both work
  std::string target;  // resolved part name
};

// Id -> relationship, from the .rels part of `source` (e.g. "xl/workbook.xml").
Result<std::vector<std::pair<std::string, Relationship>>> read_rels(const Zip& zip,
                                                                    const std::string& source) {
  const std::string rels_part =
      dir_of(source) + "_rels/" + source.substr(dir_of(source).size()) + ".rels";
  pugi::xml_document doc;
  Result<pugi::xml_document*> parsed = parse_part(zip, rels_part, doc);
  if (!parsed) return parsed.problems();
  std::vector<std::pair<std::string, Relationship>> rels;
  for (pugi::xml_node r : doc.document_element().children()) {
    if (local_name(r.name()) != "Relationship") continue;
    if (std::string_view(r.attribute("TargetMode").value()) == "External") continue;
    rels.push_back(
        {r.attribute("Id").value(),
         {r.attribute("Type").value(), resolve(dir_of(source), r.attribute("Target").value())}});
  }
  return rels;
}

Result<Workbook> load_workbook(const Zip& zip) {
  // The package's root relationships name the workbook part; "xl/workbook.xml" is only the habit.
  std::string workbook_part = "xl/workbook.xml";
  if (zip.locate("_rels/.rels")) {
    auto root = read_rels(zip, "");
    if (!root) return root.problems();
    for (const auto& [id, rel] : *root) {
      if (ends_with(rel.type, "/officeDocument")) workbook_part = rel.target;
    }
  }
  auto rels = read_rels(zip, workbook_part);
  if (!rels) return rels.problems();

  pugi::xml_document doc;
  Result<pugi::xml_document*> parsed = parse_part(zip, workbook_part, doc);
  if (!parsed) return parsed.problems();

  Workbook wb;
  for (const auto& [id, rel] : *rels) {
    if (ends_with(rel.type, "/sharedStrings")) wb.shared_strings = rel.target;
  }
  for (pugi::xml_node s : child_local(doc.document_element(), "sheets").children()) {
    if (local_name(s.name()) != "sheet") continue;
    // The relationship id is `r:id`, but the prefix is the writer's choice.
    std::string rid;
    for (pugi::xml_attribute a : s.attributes()) {
      const std::string_view n = a.name();
      if (n != "id" && ends_with(n, ":id")) rid = a.value();
    }
    for (const auto& [id, rel] : *rels) {
      if (id == rid && ends_with(rel.type, "/worksheet")) {
        wb.sheets.push_back({s.attribute("name").value(), rel.target});
      }
    }
  }
  if (wb.sheets.empty()) return bad_file(zip.path(), workbook_part, "工作簿中没有工作表");
  return wb;
}

// All shared strings, packed into one buffer: a million short strings would otherwise be a million
// allocations.
class SharedStrings {
 public:
  std::size_t size() const { return ends_.size(); }
  std::size_t bytes() const { return pool_.size(); }
  std::string_view at(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(pool_).substr(begin, ends_[i] - begin);
  }
  void add(std::string_view s) {
    pool_ += s;
    ends_.push_back(pool_.size());
  }

 private:
  std::string pool_;
  std::vector<std::size_t> ends_;
};

Result<SharedStrings> load_shared_strings(const Zip& zip, const std::string& part) {
  SharedStrings ss;
  if (part.empty()) return ss;
  PartStream in(zip);
  if (!in.open(part)) return bad_file(zip.path(), part, "XLSX 文件缺少部件 " + part);
  XmlPull xml([&](char* d, std::size_t n) { return in.read(d, n); }, in.buffer_size());
  // <si> holds either <t> or rich-text runs <r><t>; <rPh> holds phonetic guides, not cell text.
  std::string current;
  bool in_si = false, in_t = false;
  int in_rph = 0;
  for (;;) {
    const XmlPull::Event e = xml.next();
    if (e == XmlPull::Event::kEndOfDocument) break;
    if (e == XmlPull::Event::kError) return bad_file(zip.path(), part, "共享字符串部件已损坏");
    const std::string_view n = xml.name();
    if (e == XmlPull::Event::kStart) {
      if (n == "si") {
        in_si = true;
        current.clear();
      } else if (n == "rPh") {
        ++in_rph;
      } else if (n == "t") {
        in_t = in_si && in_rph == 0;
      }
    } else if (e == XmlPull::Event::kEnd) {
      if (n == "si") {
        decode_ooxml_escapes(current);
        ss.add(current);
        in_si = false;
      } else if (n == "rPh") {
        --in_rph;
      } else if (n == "t") {
        in_t = false;
      }
    } else if (in_t) {
      current += xml.text();
    }
  }
  return ss;
}

// ---------------------------------------------------------------------------------------------------
// Sheets

struct MergeRange {
  long first_row, last_row;  // 1-based
  int first_col, last_col;   // 0-based
  std::string value;         // the top-left cell's text, once its row has been read
};

// The merged ranges of a sheet, sorted by first row (first pass over the part).
//
// A merged value is repeated into every cell of its range, so the cells a sheet's merges cover are
// bounded by the size of the sheet's XML: at most 16 per byte, or 2^21 for a small sheet (a merge
// down a whole column and a title across the whole width). A few hundred bytes merging A1:XFD1048576 would otherwise ask for 17 billion
// cells (a hang, then out of memory: fuzz/regressions/xlsx/merge_whole_sheet.parts). Real merges (a title across the
// width, headers over two rows, a household's columns over its member rows) stay far below.
constexpr std::uint64_t kMergedCellsPerByte = 16;
constexpr std::uint64_t kMergedCellsFloor = std::uint64_t{1} << 21;

Result<std::vector<MergeRange>> read_merges(const Zip& zip, const std::string& part,
                                            const std::string& sheet, std::uint64_t& part_bytes) {
  std::vector<MergeRange> merges;
  PartStream in(zip);
  if (!in.open(part)) return bad_file(zip.path(), sheet, "XLSX 文件缺少部件 " + part);
  std::uint64_t bytes = 0;  // of the part, as inflated (the zip's stated size may lie)
  XmlPull xml(
      [&](char* d, std::size_t n) {
        const long got = in.read(d, n);
        if (got > 0) bytes += static_cast<std::uint64_t>(got);
        return got;
      },
      in.buffer_size());
  std::uint64_t covered = 0;  // cells the merges fill
  std::uint64_t largest_area = 0;
  std::string largest;  // the largest range, for the message
  for (;;) {
    const XmlPull::Event e = xml.next();
    if (e == XmlPull::Event::kEndOfDocument) break;
    if (e == XmlPull::Event::kError) return bad_file(zip.path(), sheet, "工作表 XML 已损坏");
    if (e != XmlPull::Event::kStart) continue;
    if (xml.name() == "sheetData" && !xml.self_closing()) {
      if (!xml.skip_to_end("sheetData")) return bad_file(zip.path(), sheet, "工作表 XML 不完整");
    } else if (xml.name() == "mergeCell") {
      const std::string_view ref = xml.attr("ref").value_or("");
      const std::size_t colon = ref.find(':');
      if (colon == std::string_view::npos) continue;  // a one-cell "merge" changes nothing
      MergeRange m{};
      if (!parse_cell_ref(ref.substr(0, colon), m.first_col, m.first_row) ||
          !parse_cell_ref(ref.substr(colon + 1), m.last_col, m.last_row)) {
        return bad_file(zip.path(), sheet, "合并单元格范围无效：" + std::string(ref));
      }
      if (m.last_row < m.first_row) std::swap(m.first_row, m.last_row);
      if (m.last_col < m.first_col) std::swap(m.first_col, m.last_col);
      const std::uint64_t area = static_cast<std::uint64_t>(m.last_row - m.first_row + 1) *
                                 static_cast<std::uint64_t>(m.last_col - m.first_col + 1);
      if (area > largest_area) {
        largest_area = area;
        largest = std::string(ref);
      }
      covered += area;
      merges.push_back(std::move(m));
    }
  }
  if (covered > std::max(kMergedCellsFloor, kMergedCellsPerByte * bytes)) {
    return bad_file(zip.path(), sheet,
                    "合并单元格覆盖的范围过大（共 " + std::to_string(covered) + " 个单元格，如 " + largest +
                        "），不像真实的表格");
  }
  part_bytes = bytes;
  std::stable_sort(merges.begin(), merges.end(), [](const MergeRange& a, const MergeRange& b) {
    return a.first_row < b.first_row;
  });
  return merges;
}

// One row being assembled. Cells are reused across rows with their capacity; `set` fills skipped
// columns with "" so positions stay those of the sheet.
class RowBuilder {
 public:
  void clear() { n_ = 0; }
  const std::string* get(std::size_t col) const { return col < n_ ? &cells_[col] : nullptr; }

  void set(std::size_t col, std::string_view value) {
    if (col >= n_) {
      while (cells_.size() <= col) {
        if (spare_.empty()) {
          cells_.emplace_back();
        } else {
          cells_.push_back(std::move(spare_.back()));
          spare_.pop_back();
        }
      }
      for (std::size_t i = n_; i < col; ++i) cells_[i].clear();
      n_ = col + 1;
    }
    cells_[col].assign(value);
  }

  // The row as the visitor sees it: exactly the cells up to the last one set.
  const Row& view() {
    while (cells_.size() > n_) {
      spare_.push_back(std::move(cells_.back()));
      cells_.pop_back();
    }
    return cells_;
  }

 private:
  Row cells_;                       // [0, n_) belong to the current row; the rest are stale
  std::vector<std::string> spare_;  // strings of wider earlier rows, kept for their capacity
  std::size_t n_ = 0;
};

class SheetReader {
 public:
  // `repeat_budget`: bytes of merged text the sheet may repeat into the cells of its ranges.
  SheetReader(const Zip& zip, const SharedStrings& ss, const std::string& sheet,
              std::vector<MergeRange> merges, std::uint64_t repeat_budget, const RowVisitor& visit)
      : zip_(zip),
        ss_(ss),
        sheet_(sheet),
        merges_(std::move(merges)),
        visit_(visit),
        repeat_budget_(repeat_budget) {}

  Result<long> run(const std::string& part) {
    PartStream in(zip_);
    if (!in.open(part)) return fail("XLSX 文件缺少部件 " + part);
    XmlPull xml([&](char* d, std::size_t n) { return in.read(d, n); }, in.buffer_size());

    bool in_data = false, in_row = false, in_cell = false, in_v = false, in_is = false,
         in_t = false;
    int in_rph = 0;
    long row_number = 0;
    int col = 0, next_col = 0;
    std::string type;
    std::string value;
    for (;;) {
      const XmlPull::Event e = xml.next();
      if (e == XmlPull::Event::kEndOfDocument) break;
      if (e == XmlPull::Event::kError) return fail("工作表 XML 已损坏");
      if (e == XmlPull::Event::kText) {
        if (in_v || (in_is && in_t && in_rph == 0)) value += xml.text();
        continue;
      }
      const std::string_view n = xml.name();
      if (e == XmlPull::Event::kStart) {
        if (n == "sheetData") {
          in_data = !xml.self_closing();
        } else if (!in_data) {
          continue;
        } else if (n == "row") {
          long r = next_row_;
          if (auto a = xml.attr("r")) {
            if (std::from_chars(a->data(), a->data() + a->size(), r).ec != std::errc() || r < 1 ||
                r > kMaxRows) {
              return fail("行号无效：" + std::string(*a));
            }
          }
          // Rows come in ascending order; a repeated or backward number is folded into the next
          // row.
          r = std::max(r, next_row_);
          while (next_row_ < r) {
            if (!emit_blank()) return stopped();
          }
          row_number = r;
          row_.clear();
          in_row = true;
          next_col = 0;
        } else if (in_row && n == "c") {
          col = next_col;
          if (auto a = xml.attr("r")) {
            long ignored_row = 0;
            if (!parse_cell_ref(*a, col, ignored_row))
              return fail("单元格位置无效：" + std::string(*a));
          }
          type.assign(xml.attr("t").value_or(""));
          value.clear();
          in_cell = true;
        } else if (in_cell && n == "v") {
          in_v = true;
        } else if (in_cell && n == "is") {
          in_is = true;
        } else if (in_is && n == "rPh") {
          ++in_rph;
        } else if (in_is && n == "t") {
          in_t = true;
        }
      } else {  // kEnd
        if (n == "sheetData") {
          break;  // what follows (merges, print settings) was read by the first pass
        } else if (n == "v") {
          in_v = false;
        } else if (n == "t") {
          in_t = false;
        } else if (n == "rPh") {
          --in_rph;
        } else if (n == "is") {
          in_is = false;
        } else if (n == "c" && in_cell) {
          in_cell = false;
          next_col = col + 1;
          Result<bool> ok = finish_cell(col, type, value);
          if (!ok) return ok.problems();
        } else if (n == "row" && in_row) {
          in_row = false;
          if (!emit(row_number)) return stopped();
        }
      }
    }
    // A merge may reach below the last row that has cells; those rows are part of the table too.
    long last = 0;
    for (const MergeRange& m : merges_) last = std::max(last, m.last_row);
    while (next_row_ <= last) {
      if (!emit_blank()) return stopped();
    }
    return rows_;
  }

 private:
  Problem fail(std::string message) const {
    return bad_file(zip_.path(), sheet_, std::move(message));
  }

  Result<bool> finish_cell(int col, const std::string& type, std::string& value) {
    if (type == "s") {
      std::size_t i = 0;
      const auto r = std::from_chars(value.data(), value.data() + value.size(), i);
      if (r.ec != std::errc() || i >= ss_.size()) return fail("共享字符串编号无效：" + value);
      if (!ss_.at(i).empty()) put(col, ss_.at(i));
      return true;
    }
    if (value.empty()) return true;
    if (type == "b") {
      put(col, value == "1" ? "TRUE" : "FALSE");
    } else if (type == "inlineStr" || type == "str") {
      decode_ooxml_escapes(value);
      put(col, value);
    } else if (type == "e" || type == "d") {
      put(col, value);  // an error code such as "#N/A", or an ISO 8601 date: text as stored
    } else {
      put(col, normalise_number(std::move(value)));
    }
    return true;
  }

  void put(int col, std::string_view v) { row_.set(static_cast<std::size_t>(col), v); }

  // After `emit` returned false: the visitor stopped, or the merges asked for too much.
  Result<long> stopped() const {
    if (too_much_) return *too_much_;
    return rows_;
  }

  bool emit_blank() {
    row_.clear();
    return emit(next_row_);
  }

  // Repeats merged values into row `r`, then visits it. False when the visitor says stop.
  bool emit(long r) {
    while (next_merge_ < merges_.size() && merges_[next_merge_].first_row <= r) {
      MergeRange& m = merges_[next_merge_++];
      const std::string* top_left = row_.get(static_cast<std::size_t>(m.first_col));
      m.value = top_left ? *top_left : std::string();
      active_.push_back(&m);
    }
    std::erase_if(active_, [r](const MergeRange* m) { return m->last_row < r; });
    for (const MergeRange* m : active_) {
      if (m->value.empty()) continue;  // an empty merged cell leaves its area empty
      // read_merges bounds the cells; a long value repeated into them is bounded here (a 32,767-
      // character cell merged over a row of 16,384 columns would be a 1.5 GB row).
      repeated_ += m->value.size() * static_cast<std::uint64_t>(m->last_col - m->first_col + 1);
      if (repeated_ > repeat_budget_) {
        too_much_ = fail("合并单元格重复的文字过多（" + std::to_string(repeated_) + " 字节），不像真实的表格");
        return false;
      }
      for (int c = m->first_col; c <= m->last_col; ++c) put(c, m->value);
    }
    next_row_ = r + 1;
    ++rows_;
    return visit_(r, row_.view());
  }

  const Zip& zip_;
  const SharedStrings& ss_;
  const std::string& sheet_;
  std::vector<MergeRange> merges_;
  const RowVisitor& visit_;
  std::uint64_t repeat_budget_;
  std::uint64_t repeated_ = 0;       // bytes of merged text repeated so far
  std::optional<Problem> too_much_;  // set when repeated_ passed the budget
  std::size_t next_merge_ = 0;             // merges_[next_merge_..] start below the rows visited
  std::vector<const MergeRange*> active_;  // merges covering the current row
  RowBuilder row_;
  long next_row_ = 1;  // every row before this one has been visited
  long rows_ = 0;
};

struct Opened {
  Zip zip;
  Workbook wb;
};

Result<Opened> open_workbook(const std::string& path) {
  Result<Zip> zip = Zip::open(path);
  if (!zip) return zip.problems();
  Result<Workbook> wb = load_workbook(*zip);
  if (!wb) return wb.problems();
  return Opened{std::move(zip).value(), std::move(wb).value()};
}

Result<long> read_sheet(const Zip& zip, const SharedStrings& ss, const SheetRef& ref,
                        const RowVisitor& visit) {
  std::uint64_t part_bytes = 0;
  Result<std::vector<MergeRange>> merges = read_merges(zip, ref.part, ref.name, part_bytes);
  if (!merges) return merges.problems();
  // Merged text may fill 16 bytes per byte of input (the sheet and its strings), at least 64 MiB.
  const std::uint64_t budget = std::max<std::uint64_t>(
      std::uint64_t{64} << 20, kMergedCellsPerByte * (part_bytes + ss.bytes()));
  SheetReader reader(zip, ss, ref.name, std::move(merges).value(), budget, visit);
  return reader.run(ref.part);
}

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
using model::civil_from_days;
using model::days_from_civil;

}  // namespace

Result<std::vector<std::string>> xlsx_sheet_names(const std::string& path) {
  Result<Opened> o = open_workbook(path);
  if (!o) return o.problems();
  std::vector<std::string> names;
  for (const SheetRef& s : o->wb.sheets) names.push_back(s.name);
  return names;
}

Result<long> read_xlsx(const std::string& path, const std::string& sheet, const RowVisitor& visit) {
  Result<Opened> o = open_workbook(path);
  if (!o) return o.problems();
  const SheetRef* ref = &o->wb.sheets.front();
  if (!sheet.empty()) {
    auto it = std::find_if(o->wb.sheets.begin(), o->wb.sheets.end(),
                           [&](const SheetRef& s) { return s.name == sheet; });
    if (it == o->wb.sheets.end()) return bad_file(path, sheet, "找不到工作表「" + sheet + "」");
    ref = &*it;
  }
  Result<SharedStrings> ss = load_shared_strings(o->zip, o->wb.shared_strings);
  if (!ss) return ss.problems();
  return read_sheet(o->zip, *ss, *ref, visit);
}

Result<std::vector<Sheet>> read_xlsx_sheets(const std::string& path) {
  Result<Opened> o = open_workbook(path);
  if (!o) return o.problems();
  Result<SharedStrings> ss = load_shared_strings(o->zip, o->wb.shared_strings);
  if (!ss) return ss.problems();
  std::vector<Sheet> sheets;
  for (const SheetRef& ref : o->wb.sheets) {
    Sheet sheet;
    sheet.name = ref.name;
    Result<long> n = read_sheet(o->zip, *ss, ref, [&](long, const Row& cells) {
      sheet.rows.push_back(cells);
      return true;
    });
    if (!n) return n.problems();
    sheets.push_back(std::move(sheet));
  }
  return sheets;
}

std::optional<model::Date> excel_serial_to_date(const std::string& text) {
  // Whole days, optionally followed by a fraction (the time of day, ignored).
  long serial = 0;
  const char* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, serial);
  if (r.ec != std::errc() || r.ptr == text.data()) return std::nullopt;
  if (r.ptr != end) {
    if (*r.ptr != '.' || r.ptr + 1 == end) return std::nullopt;
    for (const char* p = r.ptr + 1; p < end; ++p) {
      if (*p < '0' || *p > '9') return std::nullopt;
    }
  }
  // 1 = 1900-01-01 … 2958465 = 9999-12-31. Excel counts a 1900-02-29 that never was (serial 60,
  // kept for Lotus 1-2-3 compatibility), so serials from 61 on are one day ahead of a plain count.
  if (serial < 1 || serial > 2958465 || serial == 60) return std::nullopt;
  const long epoch = serial < 60 ? days_from_civil(1899, 12, 31) : days_from_civil(1899, 12, 30);
  return civil_from_days(epoch + serial);
}

}  // namespace safetynet::io
