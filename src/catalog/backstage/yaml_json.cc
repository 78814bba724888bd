#include "catalog/backstage/yaml_json.h"

#include "core/yaml.h"

namespace paved::catalog::backstage {
namespace {

// Whether a string must be quoted so that it reads back as the same string.
bool NeedsQuotes(const std::string& s) {
  if (!PlainScalarToJson(s).is_string()) return true;
  if (s.front() == ' ' || s.back() == ' ') return true;
  return false;
}

// Whether `s` reads back unchanged from a literal block ("|"): multi-line text ending in exactly
// one newline, without characters or leading spaces the block style would alter.
bool LiteralBlockSafe(const std::string& s) {
  if (s.size() < 2 || s.back() != '\n' || s[s.size() - 2] == '\n') return false;
  if (s.find('\n') == s.size() - 1) return false;  // one line: quoting is shorter
  if (s.front() == ' ' || s.front() == '\n') return false;
  return s.find_first_of("\r\t") == std::string::npos;
}

void Emit(YAML::Emitter& out, const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object:
      if (j.empty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        return;
      }
      out << YAML::BeginMap;
      for (const auto& [k, v] : j.items()) {
        out << YAML::Key;
        if (NeedsQuotes(k)) out << YAML::DoubleQuoted;
        out << k << YAML::Value;
        Emit(out, v);
      }
      out << YAML::EndMap;
      return;
    case nlohmann::json::value_t::array:
      if (j.empty()) {
        out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        return;
      }
      out << YAML::BeginSeq;
      for (const auto& v : j) Emit(out, v);
      out << YAML::EndSeq;
      return;
    case nlohmann::json::value_t::string: {
      const std::string& s = j.get_ref<const std::string&>();
      if (LiteralBlockSafe(s)) {
        out << YAML::Literal << s;
      } else if (s.empty() || NeedsQuotes(s)) {
        out << YAML::DoubleQuoted << s;
      } else {
        out << s;
      }
      return;
    }
    case nlohmann::json::value_t::null:
      out << YAML::Null;
      return;
    default:  // numbers and booleans: their JSON spelling is valid YAML
      out << j.dump();
      return;
  }
}

}  // namespace

std::string EmitDocuments(const std::vector<nlohmann::json>& documents) {
  std::string out;
  for (size_t i = 0; i < documents.size(); ++i) {
    YAML::Emitter e;
    e.SetIndent(2);
    e.SetSeqFormat(YAML::Block);
    Emit(e, documents[i]);
    if (i > 0) out += "---\n";
    out += e.c_str();
    out += "\n";
  }
  return out;
}

}  // namespace paved::catalog::backstage
