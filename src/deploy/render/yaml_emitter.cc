// ToYaml and ManifestHash: a small block-style YAML emitter with a fixed key order.
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "absl/strings/escaping.h"
#include "deploy/render/renderer.h"

namespace paved::deploy::render {
namespace {

using nlohmann::json;

bool IsReservedWord(const std::string& s) {
  static const std::set<std::string> kWords = {"y",    "n",     "yes",   "no",   "on",
                                               "off",  "true",  "false", "null", "~",
                                               ".inf", "-.inf", "+.inf", ".nan"};
  if (s.size() > 5) return false;  // the longest word; most scalars are longer
  std::string lower = s;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return kWords.contains(lower);
}

// Could a YAML 1.1 or 1.2 reader take it for a number (int, float, octal, hex, sexagesimal,
// date)? Conservative: starts like a number and uses only number-ish characters.
bool LooksNumeric(const std::string& s) {
  if (!std::isdigit(static_cast<unsigned char>(s[0])) && s[0] != '+' && s[0] != '-' &&
      s[0] != '.') {
    return false;
  }
  return s.find_first_not_of("0123456789abcdefABCDEFxXoO_.:+- ") == std::string::npos;
}

bool IsPlainChar(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) ||
         std::string_view("-_./@:=+ ").find(ch) != std::string_view::npos;
}

// True when the string can be written without quotes and reads back as the same string.
bool IsPlainSafe(const std::string& s) {
  if (s.empty() || IsReservedWord(s) || LooksNumeric(s)) return false;
  // "-x" and "./x" are plain; "- x", "-" and "---" are not.
  bool dash_or_dot =
      (s[0] == '-' || s[0] == '.') && s.size() > 1 && s[1] != ' ' && s.rfind("---", 0) != 0;
  if (!std::isalnum(static_cast<unsigned char>(s[0])) && s[0] != '/' && s[0] != '_' &&
      !dash_or_dot) {
    return false;
  }
  if (s.back() == ' ' || s.back() == ':') return false;
  if (!std::all_of(s.begin(), s.end(), IsPlainChar)) return false;
  return s.find(": ") == std::string::npos && s.find(" #") == std::string::npos;
}

// JSON's double-quoted form is a valid YAML double-quoted scalar. Invalid UTF-8 is replaced
// (U+FFFD) rather than thrown on.
std::string Quoted(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Scalar(const json& v) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    return IsPlainSafe(s) ? s : Quoted(v);
  }
  return v.dump();  // null, true/false, numbers
}

std::string Key(const std::string& k) { return IsPlainSafe(k) ? k : Quoted(json(k)); }

bool IsEmptyCollection(const json& v) { return (v.is_object() || v.is_array()) && v.empty(); }

void EmitValue(const json& v, int indent, std::string* out);

// `key: value` at `indent`; nested collections go on the next lines.
// A scalar or an empty collection, then the end of the line.
void EmitLeaf(const json& v, std::string* out) {
  if (IsEmptyCollection(v)) {
    out->append(v.is_object() ? "{}" : "[]");
  } else {
    out->append(Scalar(v));
  }
  out->push_back('\n');
}

void EmitEntry(const std::string& key, const json& v, int indent, std::string* out) {
  out->append(indent, ' ');
  out->append(Key(key));
  if ((v.is_object() || v.is_array()) && !v.empty()) {
    out->append(":\n");
    EmitValue(v, indent + 2, out);
  } else {
    out->append(": ");
    EmitLeaf(v, out);
  }
}

// A sequence item: "- " then the item, its first line on the dash's line.
void EmitItem(const json& item, int indent, std::string* out) {
  if ((item.is_object() || item.is_array()) && !item.empty()) {
    // The item's first line starts with indent + 2 spaces; its dash takes the one at `indent`.
    size_t start = out->size();
    EmitValue(item, indent + 2, out);
    (*out)[start + indent] = '-';
    return;
  }
  out->append(indent, ' ');
  out->append("- ");
  EmitLeaf(item, out);
}

void EmitValue(const json& v, int indent, std::string* out) {
  if (v.is_object()) {
    for (const auto& [key, value] : v.items()) EmitEntry(key, value, indent, out);
  } else if (v.is_array()) {
    for (const auto& item : v) EmitItem(item, indent, out);
  } else {
    out->append(indent, ' ');
    EmitLeaf(v, out);
  }
}

// apiVersion, kind, metadata, spec, data, stringData, then the rest alphabetically.
std::vector<std::string> TopLevelOrder(const json& obj) {
  static const std::vector<std::string> kFirst = {"apiVersion", "kind", "metadata",
                                                  "spec",       "data", "stringData"};
  std::vector<std::string> keys;
  for (const std::string& k : kFirst) {
    if (obj.contains(k)) keys.push_back(k);
  }
  for (const auto& [k, value] : obj.items()) {
    if (std::find(kFirst.begin(), kFirst.end(), k) == kFirst.end()) keys.push_back(k);
  }
  return keys;
}

void EmitDocument(const json& obj, std::string* out) {
  if (!obj.is_object()) {
    EmitValue(obj, 0, out);
    return;
  }
  for (const std::string& key : TopLevelOrder(obj)) EmitEntry(key, obj.at(key), 0, out);
}

}  // namespace

std::string ToYaml(const std::vector<nlohmann::json>& objects) {
  std::string out;
  for (size_t i = 0; i < objects.size(); ++i) {
    if (i > 0) out += "---\n";
    EmitDocument(objects[i], &out);
  }
  return out;
}

std::string ManifestHash(const std::vector<nlohmann::json>& objects) {
  std::string yaml = ToYaml(objects);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(yaml.data()), yaml.size(), digest);
  return "sha256:" +
         absl::BytesToHexString(std::string(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

}  // namespace paved::deploy::render
