#include "cli/commands.h"

#include <ostream>

#include "absl/strings/str_join.h"

namespace paved::cli {

std::string Text(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  if (it->is_array()) {
    std::vector<std::string> parts;
    for (const auto& element : *it) {
      if (element.is_string()) parts.push_back(element.get<std::string>());
    }
    return absl::StrJoin(parts, ",");
  }
  return "";
}

void AddListOptions(CLI::App& command, ListArgs& args) {
  command.add_option("--limit", args.limit, "Most items to show")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  command.add_option("--cursor", args.cursor, "Continue a previous listing from this cursor");
}

void PrintList(Context& ctx, const nlohmann::json& list, const std::string& table,
               const std::string& noun) {
  if (ctx.global().json) {
    ctx.out() << list.dump(2) << '\n';
    return;
  }
  if (list.at("items").empty()) {
    ctx.err() << "No " << noun << " found.\n";
    return;
  }
  ctx.out() << table;
  const auto next = list.find("next_cursor");  // absent in unpaged answers
  if (next != list.end() && next->is_string()) {
    ctx.err() << "More " << noun << ": add --cursor " << next->get<std::string>() << '\n';
  }
}

}  // namespace paved::cli
