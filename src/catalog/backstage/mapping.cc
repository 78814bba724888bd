#include "catalog/backstage/mapping.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "catalog/backstage/entity.h"

namespace paved::catalog::backstage {

std::string StringAt(const nlohmann::json& doc, const std::string& section,
                     const std::string& key) {
  auto s = doc.find(section);
  if (s == doc.end() || !s->is_object()) return "";
  auto v = s->find(key);
  return v != s->end() && v->is_string() ? v->get<std::string>() : "";
}

std::string AnnotationOf(const nlohmann::json& doc, const std::string& key) {
  auto md = doc.find("metadata");
  if (md == doc.end() || !md->is_object()) return "";
  auto a = md->find("annotations");
  if (a == md->end() || !a->is_object()) return "";
  auto v = a->find(key);
  return v != a->end() && v->is_string() ? v->get<std::string>() : "";
}

std::string RepoUrlOf(const nlohmann::json& doc) {
  std::string loc = AnnotationOf(doc, kSourceLocation);
  if (!loc.empty()) return std::string(absl::StripPrefix(loc, "url:"));
  std::string slug = AnnotationOf(doc, kGithubSlug);
  return slug.empty() ? "" : "https://github.com/" + slug;
}

std::vector<ProjectNamespace> NamespacesOf(const nlohmann::json& doc, bool* present) {
  std::vector<ProjectNamespace> out;
  std::string list = AnnotationOf(doc, kPavedNamespaces);
  std::string single = AnnotationOf(doc, kKubeNamespace);
  *present = !list.empty() || !single.empty();
  if (list.empty()) {
    if (!single.empty()) out.push_back({"", single});
    return out;
  }
  for (absl::string_view item : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    item = absl::StripAsciiWhitespace(item);
    size_t colon = item.find(':');
    if (colon == absl::string_view::npos) {
      out.push_back({"", std::string(item)});
    } else {
      out.push_back({std::string(item.substr(0, colon)), std::string(item.substr(colon + 1))});
    }
  }
  return out;
}

std::string LifecycleOf(const nlohmann::json& doc) {
  std::string l = StringAt(doc, "spec", "lifecycle");
  for (const std::string& known : kLifecycles) {
    if (l == known) return l;
  }
  return "experimental";
}

std::string HrIdOf(const nlohmann::json& doc, const std::string& configured_key) {
  std::string v = configured_key.empty() ? "" : AnnotationOf(doc, configured_key);
  return v.empty() ? AnnotationOf(doc, kPavedHrId) : v;
}

std::string ResourceIdOf(const nlohmann::json& doc) {
  for (const char* key : {kPavedArn, "aws.amazon.com/arn"}) {
    std::string v = AnnotationOf(doc, key);
    if (!v.empty()) return v;
  }
  auto md = doc.find("metadata");
  if (md != doc.end() && md->contains("annotations") && (*md)["annotations"].is_object()) {
    for (const auto& [k, v] : (*md)["annotations"].items()) {
      if (absl::EndsWith(k, "/aws-arn") && v.is_string()) return v.get<std::string>();
    }
  }
  std::string ns = StringAt(doc, "metadata", "namespace");
  return "backstage:resource:" + (ns.empty() ? "default" : ns) + "/" +
         StringAt(doc, "metadata", "name");
}

std::string GroupDisplayName(const nlohmann::json& doc) {
  auto spec = doc.find("spec");
  if (spec != doc.end() && spec->is_object() && spec->contains("profile")) {
    std::string d = StringAt((*spec), "profile", "displayName");
    if (!d.empty()) return d;
  }
  std::string title = StringAt(doc, "metadata", "title");
  return title.empty() ? StringAt(doc, "metadata", "name") : title;
}

void SetAnnotation(nlohmann::json& doc, const std::string& key, const std::string& value) {
  nlohmann::json& md = doc["metadata"];
  if (value.empty()) {
    if (md.contains("annotations") && md["annotations"].is_object()) {
      md["annotations"].erase(key);
      if (md["annotations"].empty()) md.erase("annotations");
    }
    return;
  }
  md["annotations"][key] = value;
}

void SetOrErase(nlohmann::json& doc, const std::string& section, const std::string& key,
                const nlohmann::json& value) {
  bool empty = value.is_null() || (value.is_string() && value.get<std::string>().empty()) ||
               ((value.is_array() || value.is_object()) && value.empty());
  if (empty) {
    if (doc.contains(section) && doc[section].is_object()) doc[section].erase(key);
    return;
  }
  doc[section][key] = value;
}

}  // namespace paved::catalog::backstage
