#include "traffic/flow_log_scanner.h"

#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "core/scoped_fd.h"
#include "core/status_macros.h"

namespace paved::traffic {
namespace {

constexpr size_t kGzipIn = 1 << 20;
constexpr size_t kMaxLineBytes = 8 << 20;  // the gzip output buffer: the longest line of any file

// A decimal count; false when `text` is not one (or overflows).
bool ParseCount(std::string_view text, int64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

using Fd = ScopedFd;

absl::StatusOr<std::unique_ptr<Fd>> OpenFile(const std::filesystem::path& path) {
  auto fd = std::make_unique<Fd>(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd->get() < 0) {
    return absl::NotFoundError(
        absl::StrCat("cannot open ", path.string(), ": ", std::strerror(errno)));
  }
  return fd;
}

// Reads up to `size` bytes at `offset` (fewer only at the end of the file).
absl::StatusOr<size_t> ReadAt(const Fd& fd, const std::filesystem::path& path, char* out,
                              size_t size, int64_t offset) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = pread(fd.get(), out + done, size - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot read ", path.string(), ": ", std::strerror(errno)));
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

// The 1-based number of the line holding byte `offset` of the file.
int64_t LineNumberAt(const std::filesystem::path& path, int64_t offset) {
  auto fd = OpenFile(path);
  if (!fd.ok()) return 0;
  std::string buffer(1 << 20, '\0');
  int64_t line = 1;
  for (int64_t at = 0; at < offset;) {
    size_t want = static_cast<size_t>(std::min<int64_t>(buffer.size(), offset - at));
    auto n = ReadAt(**fd, path, buffer.data(), want, at);
    if (!n.ok() || *n == 0) break;
    line += std::count(buffer.data(), buffer.data() + *n, '\n');
    at += static_cast<int64_t>(*n);
  }
  return line;
}

absl::Status RecordError(const std::filesystem::path& path, int64_t line, const LineError& e) {
  return absl::InvalidArgumentError(absl::StrCat(path.filename().string(), " line ", line,
                                                 e.field.empty() ? "" : ", field ", e.field, ": ",
                                                 e.what));
}

}  // namespace

void ScanTally::Merge(const ScanTally& other) {
  for (const auto& [key, bytes] : other.edges) edges[key] += bytes;
  src_no_pod_bytes += other.src_no_pod_bytes;
  dst_no_pod_bytes += other.dst_no_pod_bytes;
  rejected_egress_bytes += other.rejected_egress_bytes;
  counted_records += other.counted_records;
  lines += other.lines;
  undirected_records += other.undirected_records;
  uncompressed_bytes += other.uncompressed_bytes;
}

struct RecordScanner::Fields {
  const LineFields& index;
  const LineFields::Line& line;
  std::string_view Get(int position) const {
    return position < 0 ? std::string_view("-") : index.Field(line, position);
  }
};

bool RecordScanner::ScanLines(std::string_view text, const FlowLogFormat& format,
                              LineError& error) {
  struct FlushAtEnd {
    EdgeSums& edges;
    ~FlushAtEnd() { edges.Flush(); }
  } flush{edges_};
  for (size_t at = 0; at < text.size();) {
    const size_t indexed = line_fields_.IndexLines(text.substr(at));
    for (const LineFields::Line& line : line_fields_.lines()) {
      if (line.count == 0) continue;  // a blank line
      if (!ScanLine({line_fields_, line}, format, at + line.begin, error)) return false;
    }
    at += indexed;
  }
  return true;
}

bool RecordScanner::ScanLine(const Fields& fields, const FlowLogFormat& format, size_t offset,
                             LineError& error) {
  ++tally_.lines;
  const int wanted = format.last_needed + 1;
  if (fields.line.count < wanted) {
    error = {.offset = offset,
             .field = FlowLogFormat::NameOf(format, fields.line.count),
             .what = absl::StrCat("missing: the line has ", fields.line.count,
                                  " fields, the header names ", format.field_count)};
    return false;
  }
  if (ScanRecord(fields, format, error)) return true;
  error.offset = offset;
  return false;
}

namespace {

bool Bad(LineError& error, const char* field, std::string_view value, const char* what) {
  error.field = field;
  error.what = absl::StrCat("'", std::string(value), "' ", what);
  return false;
}

// The address of one side: the pkt-* field when present, else the plain one. `known` is false
// when neither is given.
bool SideAddress(std::string_view pkt, std::string_view plain, const char* pkt_name,
                 const char* plain_name, IpKey& ip, bool& known, LineError& error) {
  bool use_pkt = pkt != "-";
  std::string_view text = use_pkt ? pkt : plain;
  known = text != "-";
  if (!known) return true;
  std::optional<IpKey> parsed = ParseIp(text);
  if (!parsed) return Bad(error, use_pkt ? pkt_name : plain_name, text, "is not an IP address");
  ip = *parsed;
  return true;
}

}  // namespace

bool RecordScanner::ScanRecord(const Fields& f, const FlowLogFormat& format, LineError& error) {
  std::string_view status = f.Get(format.log_status);
  if (status != "-" && status != "OK") return true;  // NODATA, SKIPDATA: no traffic
  std::string_view direction = f.Get(format.flow_direction);
  if (direction == "ingress") return true;
  bool undirected = direction != "egress";
  if (undirected && direction != "-") {
    return Bad(error, "flow-direction", direction, "is not ingress or egress");
  }
  std::string_view action = f.Get(format.action);
  std::string_view bytes_text = f.Get(format.bytes);
  if (action == "-" || bytes_text == "-") return true;  // a record without traffic
  int64_t bytes = 0;
  if (!ParseCount(bytes_text, bytes)) return Bad(error, "bytes", bytes_text, "is not a number");
  if (action == "REJECT") {
    tally_.rejected_egress_bytes += bytes;
    return true;
  }
  if (action != "ACCEPT") return Bad(error, "action", action, "is not ACCEPT or REJECT");
  std::string_view start_text = f.Get(format.start);
  int64_t start = 0;
  if (!ParseCount(start_text, start)) return Bad(error, "start", start_text, "is not a time");
  const int64_t day = start / 86400 - EdgeKey::kFirstDay;
  if (day < 0 || day >= EdgeKey::kDays) {
    return Bad(error, "start", start_text, "is not between 2015 and 2059");
  }
  IpKey src = 0, dst = 0;
  bool src_known = false, dst_known = false;
  if (!SideAddress(f.Get(format.pkt_srcaddr), f.Get(format.srcaddr), "pkt-srcaddr", "srcaddr", src,
                   src_known, error) ||
      !SideAddress(f.Get(format.pkt_dstaddr), f.Get(format.dstaddr), "pkt-dstaddr", "dstaddr", dst,
                   dst_known, error)) {
    return false;
  }
  if (undirected) ++tally_.undirected_records;
  Attribute(src, dst, src_known, dst_known, start, bytes);
  return true;
}

void RecordScanner::Attribute(IpKey src, IpKey dst, bool src_known, bool dst_known, int64_t start,
                              int64_t bytes) {
  ++tally_.counted_records;
  const PodHistory::Interval* from = src_known ? pods_.Find(src, start) : nullptr;
  if (from == nullptr) {
    tally_.src_no_pod_bytes += bytes;
    return;
  }
  const PodHistory::Interval* to = dst_known ? pods_.Find(dst, start) : nullptr;
  if (to == nullptr) {
    tally_.dst_no_pod_bytes += bytes;
    return;
  }
  edges_.Add(EdgeKey::Of(from->workload, to->workload, from->zone, to->zone,
                         static_cast<int32_t>(start / 86400)),
             bytes);
}

absl::StatusOr<PlainFileHead> ReadPlainHead(const std::filesystem::path& path) {
  auto fd = OpenFile(path);
  if (!fd.ok()) return fd.status();
  std::string buffer(1 << 16, '\0');
  auto n = ReadAt(**fd, path, buffer.data(), buffer.size(), 0);
  if (!n.ok()) return n.status();
  std::string_view text(buffer.data(), *n);
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos && *n == buffer.size()) {
    return absl::InvalidArgumentError(path.filename().string() + " line 1: header too long");
  }
  PlainFileHead head;
  struct stat st;
  if (fstat((*fd)->get(), &st) != 0) return absl::UnavailableError("cannot stat " + path.string());
  head.size = st.st_size;
  head.data_begin =
      nl == std::string_view::npos ? static_cast<int64_t>(*n) : static_cast<int64_t>(nl + 1);
  if (*n == 0) return head;  // an empty file: no header, no records
  auto format = ParseFlowLogHeader(text.substr(0, nl));
  if (!format.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path.filename().string(), " line 1: ", format.status().message()));
  }
  head.format = *format;
  return head;
}

namespace {

// A read-only mapping of part of a file, unmapped when it goes.
class Mapping {
 public:
  Mapping(const Fd& fd, int64_t offset, size_t size) : size_(size) {
    void* at = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), offset);
    if (at != MAP_FAILED) data_ = static_cast<const char*>(at);
  }
  ~Mapping() {
    if (data_ != nullptr) munmap(const_cast<char*>(data_), size_);
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;

  const char* data() const { return data_; }

 private:
  const char* data_ = nullptr;
  size_t size_;
};

}  // namespace

absl::Status ScanPlainRange(const std::filesystem::path& path, const PlainFileHead& head,
                            int64_t begin, int64_t end, RecordScanner& scanner) {
  auto fd = OpenFile(path);
  if (!fd.ok()) return fd.status();
  // From the byte before `begin` (a '\n' when a line starts at `begin`) to `end`, then on until
  // the line that starts before `end` is complete. The file is mapped, not copied (its pages are
  // shared with the page cache): from the page holding that byte to as far as the longest line
  // may run past `end`; only the pages read are loaded, those up to `end` in one go.
  const int64_t from = begin - 1;
  const int64_t page = sysconf(_SC_PAGESIZE);
  const int64_t map_from = from / page * page;
  const int64_t map_to = std::min<int64_t>(head.size, end + kMaxLineBytes + 2);
  Mapping mapping(**fd, map_from, static_cast<size_t>(map_to - map_from));
  if (mapping.data() == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot map ", path.string(), ": ", std::strerror(errno)));
  }
  const char* data = mapping.data() + (from - map_from);
  const size_t mapped = static_cast<size_t>(map_to - from);
  size_t size = static_cast<size_t>(end - from);
  madvise(const_cast<char*>(mapping.data()), static_cast<size_t>(end - map_from),
          MADV_POPULATE_READ);  // fewer page faults; without it (before Linux 5.14), more
  const char* last_nl = static_cast<const char*>(memrchr(data, '\n', size));
  if (last_nl == nullptr) return absl::OkStatus();  // no line starts here
  // The line that starts last in the range may run on past `end`, but no further than any line.
  const size_t line_start = static_cast<size_t>(last_nl - data) + 1;
  if (data[size - 1] != '\n' && end < head.size) {
    const size_t limit = std::min(mapped, line_start + kMaxLineBytes + 2);  // + '\n', + 1 too many
    if (limit > size) {
      const void* nl = std::memchr(data + size, '\n', limit - size);
      size = nl == nullptr ? limit : static_cast<size_t>(static_cast<const char*>(nl) - data) + 1;
    }
    if (size - line_start > kMaxLineBytes + 1) {  // + 1: the line's '\n'
      return absl::InvalidArgumentError(
          absl::StrCat(path.filename().string(), " line ",
                       LineNumberAt(path, from + static_cast<int64_t>(line_start)),
                       ": longer than ", kMaxLineBytes >> 20, " MiB"));
    }
  }
  std::string_view text(data, size);
  size_t first = text.find('\n');
  text.remove_prefix(first + 1);
  LineError error;
  if (scanner.ScanLines(text, head.format, error)) return absl::OkStatus();
  int64_t at = from + static_cast<int64_t>(first + 1 + error.offset);
  return RecordError(path, LineNumberAt(path, at), error);
}

// Streams a gzip file through ISA-L, handing complete lines to `lines(text)`. Its buffers serve
// one file after another.
class GzipLines {
 public:
  GzipLines() : in_(kGzipIn, '\0'), out_(kMaxLineBytes, '\0') {}

  // Calls `on_text(text, final)` with runs of whole lines; the last call has final = true and may
  // end without '\n'. Returns the bytes inflated.
  template <typename OnText>
  absl::StatusOr<int64_t> Run(const Fd& fd, const std::filesystem::path& path, OnText on_text) {
    isal_inflate_init(&state_);
    state_.crc_flag = ISAL_GZIP;
    member_open_ = false;
    size_t carry = 0;
    int64_t offset = 0, inflated = 0;
    bool eof = false;
    while (true) {
      if (state_.avail_in == 0 && !eof) {
        auto n = ReadAt(fd, path, in_.data(), in_.size(), offset);
        if (!n.ok()) return n.status();
        offset += static_cast<int64_t>(*n);
        eof = *n == 0;
        state_.next_in = reinterpret_cast<uint8_t*>(in_.data());
        state_.avail_in = static_cast<uint32_t>(*n);
      }
      if (carry == out_.size()) return Corrupt(path, "a line longer than 8 MiB");
      if (state_.avail_in > 0) member_open_ = true;
      state_.next_out = reinterpret_cast<uint8_t*>(out_.data() + carry);
      state_.avail_out = static_cast<uint32_t>(out_.size() - carry);
      int rc = isal_inflate(&state_);
      if (rc != ISAL_DECOMP_OK && rc != ISAL_END_INPUT)
        return Corrupt(path, "not gzip, or damaged");
      const size_t filled = out_.size() - state_.avail_out;
      inflated += static_cast<int64_t>(filled - carry);
      if (state_.block_state == ISAL_BLOCK_FINISH) NextMember();
      const bool done = eof && state_.avail_in == 0 && state_.avail_out > 0;
      if (done && member_open_) return Corrupt(path, "truncated");
      std::string_view text(out_.data(), filled);
      size_t whole = filled;
      if (!done) {
        size_t last = text.rfind('\n');
        whole = last == std::string_view::npos ? 0 : last + 1;
      }
      RETURN_IF_ERROR(on_text(text.substr(0, whole)));
      if (done) return inflated;
      carry = filled - whole;
      std::memmove(out_.data(), out_.data() + whole, carry);
    }
  }

 private:
  static absl::Status Corrupt(const std::filesystem::path& path, const char* what) {
    return absl::InvalidArgumentError(absl::StrCat(path.filename().string(), ": ", what));
  }
  // After a member ends, the next one (concatenated gzip) starts from the remaining input.
  void NextMember() {
    uint8_t* next_in = state_.next_in;
    uint32_t avail_in = state_.avail_in;
    isal_inflate_reset(&state_);
    state_.crc_flag = ISAL_GZIP;
    state_.next_in = next_in;
    state_.avail_in = avail_in;
    member_open_ = false;
  }

  std::string in_, out_;
  inflate_state state_;
  bool member_open_ = false;
};

ScanBuffers::ScanBuffers() = default;
ScanBuffers::~ScanBuffers() = default;

absl::Status ScanGzipFile(const std::filesystem::path& path, RecordScanner& scanner,
                          ScanTally& tally, ScanBuffers& buffers) {
  auto fd = OpenFile(path);
  if (!fd.ok()) return fd.status();
  if (!buffers.gzip) buffers.gzip = std::make_unique<GzipLines>();
  GzipLines* gzip = buffers.gzip.get();
  std::optional<FlowLogFormat> format;
  int64_t lines_before = 0;  // lines of the file handed to the scanner before this text
  auto on_text = [&](std::string_view text) -> absl::Status {
    if (!format) {
      if (text.empty()) return absl::OkStatus();
      size_t nl = text.find('\n');
      auto parsed = ParseFlowLogHeader(text.substr(0, nl));
      if (!parsed.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path.filename().string(), " line 1: ", parsed.status().message()));
      }
      format = *parsed;
      lines_before = 1;
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    }
    LineError error;
    if (!scanner.ScanLines(text, *format, error)) {
      int64_t line = lines_before + 1 + std::count(text.data(), text.data() + error.offset, '\n');
      return RecordError(path, line, error);
    }
    lines_before += std::count(text.begin(), text.end(), '\n');
    return absl::OkStatus();
  };
  auto inflated = gzip->Run(**fd, path, on_text);
  if (!inflated.ok()) return inflated.status();
  tally.uncompressed_bytes += *inflated;
  return absl::OkStatus();
}

}  // namespace paved::traffic
