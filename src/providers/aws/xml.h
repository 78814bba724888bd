#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace paved::aws {

// An XML element as AWS's Query and REST-XML protocols use them: a name (namespace prefix
// dropped), its text and its child elements in order. Attributes are not kept (AWS answers
// carry none that matter); `xmlns` is written on the root by WriteXml.
struct XmlElement {
  std::string name;
  std::string text;
  std::vector<XmlElement> children;

  // Appends a child and returns it (for building requests).
  XmlElement& Add(std::string child_name, std::string child_text = "");
  // The first child called `child_name`, nullptr when none.
  const XmlElement* Child(std::string_view child_name) const;
  // The text of the element at `path` ("Distribution/Status") below this one, "" when absent.
  std::string Text(std::string_view path) const;
  // The element at `path`, nullptr when absent.
  const XmlElement* At(std::string_view path) const;
  // The first element called `element_name` anywhere below this one (depth first).
  const XmlElement* Find(std::string_view element_name) const;
  // Every child called `child_name`.
  std::vector<const XmlElement*> Children(std::string_view child_name) const;
};

// Parses a document with libxml2 (no network, no entity expansion, no DTD loading). Returns the
// root element; InvalidArgument when it is not well-formed XML.
absl::StatusOr<XmlElement> ParseXml(std::string_view text);

// Writes `root` as a UTF-8 document with libxml2 (text escaped), `xmlns` on the root when set.
std::string WriteXml(const XmlElement& root, const std::string& xmlns = "");

}  // namespace paved::aws
