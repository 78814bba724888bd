#include "providers/aws/xml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>

namespace paved::aws {
namespace {

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

const char* Chars(const xmlChar* s) { return reinterpret_cast<const char*>(s); }
const xmlChar* XmlChars(const std::string& s) {
  return reinterpret_cast<const xmlChar*>(s.c_str());
}

XmlElement Convert(xmlNode* node) {
  XmlElement out{.name = Chars(node->name)};
  for (xmlNode* child = node->children; child; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) {
      out.children.push_back(Convert(child));
    } else if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
               child->content) {
      out.text += Chars(child->content);
    }
  }
  if (!out.children.empty()) out.text.clear();  // whitespace between child elements
  return out;
}

void Build(xmlNode* parent, const XmlElement& e) {
  for (const XmlElement& child : e.children) {
    if (child.children.empty()) {
      xmlNewTextChild(parent, nullptr, XmlChars(child.name), XmlChars(child.text));
    } else {
      Build(xmlNewChild(parent, nullptr, XmlChars(child.name), nullptr), child);
    }
  }
}

}  // namespace

XmlElement& XmlElement::Add(std::string child_name, std::string child_text) {
  children.push_back(XmlElement{.name = std::move(child_name), .text = std::move(child_text)});
  return children.back();
}

const XmlElement* XmlElement::Child(std::string_view child_name) const {
  for (const XmlElement& c : children) {
    if (c.name == child_name) return &c;
  }
  return nullptr;
}

const XmlElement* XmlElement::At(std::string_view path) const {
  const XmlElement* e = this;
  while (e && !path.empty()) {
    size_t slash = path.find('/');
    e = e->Child(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return e;
}

std::string XmlElement::Text(std::string_view path) const {
  const XmlElement* e = At(path);
  return e ? e->text : "";
}

const XmlElement* XmlElement::Find(std::string_view element_name) const {
  for (const XmlElement& c : children) {
    if (c.name == element_name) return &c;
    if (const XmlElement* found = c.Find(element_name)) return found;
  }
  return nullptr;
}

std::vector<const XmlElement*> XmlElement::Children(std::string_view child_name) const {
  std::vector<const XmlElement*> out;
  for (const XmlElement& c : children) {
    if (c.name == child_name) out.push_back(&c);
  }
  return out;
}

absl::StatusOr<XmlElement> ParseXml(std::string_view text) {
  DocPtr doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "aws.xml", "UTF-8",
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) return absl::InvalidArgumentError("not well-formed XML");
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return absl::InvalidArgumentError("XML without a root element");
  return Convert(root);
}

std::string WriteXml(const XmlElement& root, const std::string& xmlns) {
  DocPtr doc(xmlNewDoc(XmlChars("1.0")));
  xmlNode* node = xmlNewNode(nullptr, XmlChars(root.name));
  xmlDocSetRootElement(doc.get(), node);
  if (!xmlns.empty()) xmlNewNs(node, XmlChars(xmlns), nullptr);
  if (root.children.empty()) {
    xmlNodeAddContent(node, XmlChars(root.text));
  } else {
    Build(node, root);
  }
  xmlChar* out = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc.get(), &out, &size, "UTF-8");
  std::string text(Chars(out), static_cast<size_t>(size));
  xmlFree(out);
  return text;
}

}  // namespace paved::aws
