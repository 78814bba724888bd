#include "cli/commands.h"
#include "http/client.h"

namespace paved::cli {

void AddProjectOption(CLI::App& command, std::string& project) {
  command.add_option("-p,--project", project, "Project slug")->envname("PAVED_PROJECT")->required();
}

void AddOptionalProjectOption(CLI::App& command, std::string& project) {
  command.add_option("-p,--project", project, "Project slug (default: the deployment's project)")
      ->envname("PAVED_PROJECT");
}

std::string ProjectPath(const std::string& slug, std::initializer_list<std::string> segments) {
  std::string path = "/projects/" + http::UrlEncode(slug);
  for (const std::string& segment : segments) path += "/" + http::UrlEncode(segment);
  return path;
}

}  // namespace paved::cli
