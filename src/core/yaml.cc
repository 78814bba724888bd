#include "core/yaml.h"

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/bounded_regex.h"
#include "yaml-cpp/eventhandler.h"

namespace paved {
namespace {

// Thrown by the counter to stop the parser at the first node over the budget (limit) or where
// the parser stopped advancing; caught below.
struct Refusal {
  YAML::Mark mark;
  std::string message;
  bool limit = true;
};

// Counts the nodes a load would produce, with every alias expanded, and their depth, without
// building them: an alias adds the size of its anchored node, computed when that node ended.
class NodeCounter : public YAML::EventHandler {
 public:
  explicit NodeCounter(const YamlBudget& budget) : budget_(budget) {}

  int64_t total() const { return total_; }

  // yaml-cpp 0.7 never gets past some stray characters (",", "!,"): it reports an empty document
  // at the same place again and again, forever. A document that starts where the previous one
  // did is that loop.
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0 && mark.pos == last_document_pos_) {
      throw Refusal{mark, "unexpected character here", false};
    }
    last_document_pos_ = mark.pos;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { Leaf(mark, 1, 1, anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it != anchors_.end()) Leaf(mark, it->second.size, it->second.depth, 0);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    Leaf(mark, 1, 1, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Shape {
    int64_t size = 0;
    int depth = 0;
  };
  struct Frame {
    YAML::anchor_t anchor;
    int64_t total_before;
    int child_depth;
  };

  void Add(const YAML::Mark& mark, int64_t nodes, int depth) {
    total_ += nodes;
    if (total_ > budget_.nodes_left()) {
      throw Refusal{mark, absl::StrCat("the YAML expands to more than ", budget_.max_nodes(),
                                       " nodes (each use of an alias counts as a copy); the "
                                       "limit is ",
                                       budget_.max_nodes())};
    }
    if (static_cast<int>(open_.size()) + depth > budget_.max_depth()) {
      throw Refusal{mark,
                    absl::StrCat("the YAML nests deeper than ", budget_.max_depth(),
                                 " levels (through aliases); the limit is ", budget_.max_depth())};
    }
  }
  void Ended(const Shape& shape, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = shape;
    if (!open_.empty()) open_.back().child_depth = std::max(open_.back().child_depth, shape.depth);
  }
  void Leaf(const YAML::Mark& mark, int64_t size, int depth, YAML::anchor_t anchor) {
    Add(mark, size, depth);
    Ended({size, depth}, anchor);
  }
  void Open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    Add(mark, 1, 1);
    open_.push_back({anchor, total_ - 1, 0});
  }
  void Close() {
    Frame o = open_.back();
    open_.pop_back();
    Ended({total_ - o.total_before, 1 + o.child_depth}, o.anchor);
  }

  const YamlBudget& budget_;
  int64_t documents_ = 0;
  int last_document_pos_ = -1;
  int64_t total_ = 0;
  std::vector<Frame> open_;
  std::map<YAML::anchor_t, Shape> anchors_;
};

absl::Status Fail(const YAML::Mark& mark, const std::string& why, bool limit, YamlError* error) {
  YamlError e{.line = mark.is_null() ? 0 : mark.line + 1,
              .column = mark.is_null() ? 0 : mark.column + 1,
              .message = why,
              .limit = limit};
  if (error) *error = e;
  if (e.line == 0) return absl::InvalidArgumentError(why);
  return absl::InvalidArgumentError(
      absl::StrCat("line ", e.line, ", column ", e.column, ": ", why));
}

// YAML's printable characters (YAML 1.2 c-printable): tab, line breaks, and no other controls.
bool Printable(uint32_t code) {
  if (code < 0x20) return code == 0x09 || code == 0x0A || code == 0x0D;
  if (code >= 0x7F && code <= 0x9F) return code == 0x85;
  return code != 0xFFFE && code != 0xFFFF;
}

// Where `text` stops being printable UTF-8, or npos. YAML is printable Unicode; every string read
// from it ends up in JSON, whose writer throws on bytes that are not UTF-8 — and yaml-cpp turns
// a NUL inside a scalar into such bytes.
size_t FirstInvalidUtf8(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = text[i];
    int more = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    // Not a lead byte, an overlong or out-of-range lead, or cut off by the end.
    if (more < 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + more >= text.size()) return i;
    uint32_t code = more == 0 ? c : c & (0x3F >> more);
    for (int k = 1; k <= more; ++k) {
      const unsigned char next = text[i + k];
      if ((next >> 6) != 0x2) return i;
      code = (code << 6) | (next & 0x3F);
    }
    const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
    if (code < min[more] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    if (!Printable(code)) return i;
    i += more + 1;
  }
  return std::string::npos;
}

absl::Status CheckUtf8(const std::string& text, YamlError* error) {
  size_t bad = FirstInvalidUtf8(text);
  if (bad == std::string::npos) return absl::OkStatus();
  YAML::Mark mark;
  mark.pos = static_cast<int>(bad);
  mark.line = static_cast<int>(std::count(text.begin(), text.begin() + bad, '\n'));
  size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
  mark.column =
      static_cast<int>(bad - (line_start == std::string::npos || bad == 0 ? 0 : line_start + 1));
  return Fail(mark, "the YAML is not UTF-8 here, or has a control character", false, error);
}

// Walks the events of `text` against the budget and spends what it counted.
absl::Status Measure(const std::string& text, YamlBudget& budget, YamlError* error) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  NodeCounter counter(budget);
  try {
    while (parser.HandleNextDocument(counter)) {
    }
  } catch (const Refusal& refusal) {
    return Fail(refusal.mark, refusal.message, refusal.limit, error);
  }
  budget.Spend(counter.total());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<YAML::Node>> LoadYamlDocuments(const std::string& text, YamlError* error,
                                                          YamlBudget* budget) {
  YamlBudget fresh;
  if (absl::Status utf8 = CheckUtf8(text, error); !utf8.ok()) return utf8;
  try {
    absl::Status measured = Measure(text, budget ? *budget : fresh, error);
    if (!measured.ok()) return measured;
    return YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    return Fail(e.mark, e.msg, false, error);
  } catch (const std::exception& e) {
    return Fail(YAML::Mark::null_mark(), e.what(), false, error);
  }
}

absl::StatusOr<YAML::Node> LoadYaml(const std::string& text, YamlError* error, YamlBudget* budget) {
  absl::StatusOr<std::vector<YAML::Node>> docs = LoadYamlDocuments(text, error, budget);
  if (!docs.ok()) return docs.status();
  return docs->empty() ? YAML::Node() : docs->front();
}

namespace {

const std::regex kInt("[-+]?[0-9]+");
const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

bool IsNullWord(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}
bool IsTrue(const std::string& s) { return s == "true" || s == "True" || s == "TRUE"; }
bool IsFalse(const std::string& s) { return s == "false" || s == "False" || s == "FALSE"; }

}  // namespace

nlohmann::json PlainScalarToJson(const std::string& s) {
  if (IsNullWord(s)) return nullptr;
  if (IsTrue(s)) return true;
  if (IsFalse(s)) return false;
  if (std::string_view("0123456789+-.").find(s.front()) == std::string_view::npos) return s;
  if (BoundedRegexMatch(s, kInt)) {
    try {
      return static_cast<int64_t>(std::stoll(s));
    } catch (const std::exception&) {
      return s;  // out of range: keep the text
    }
  }
  if (BoundedRegexMatch(s, kFloat)) {
    try {
      return std::stod(s);
    } catch (const std::exception&) {
      return s;
    }
  }
  return s;
}

nlohmann::json YamlNodeToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) {
        out[kv.first.as<std::string>()] = YamlNodeToJson(kv.second);  // throws unless a scalar
      }
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(YamlNodeToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") return s;
      return PlainScalarToJson(s);
    }
    default:
      return nullptr;
  }
}

}  // namespace paved
