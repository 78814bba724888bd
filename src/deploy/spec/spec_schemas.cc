#include "deploy/spec/spec_schemas.h"

#include <utility>
#include <vector>

namespace paved::deploy::spec {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

namespace {

std::vector<Property> VersionProperties(bool with_content) {
  std::vector<Property> props = {{"project", String()},
                                 {"version", Integer()},
                                 {"author", String()},
                                 {"message", String()},
                                 {"created_at", String()}};
  if (with_content) {
    props.emplace_back("yaml", String());
    // Null when a later, stricter parser refuses a stored version.
    props.emplace_back("spec", Nullable(Any()));
  }
  return props;
}

}  // namespace

Schema SpecVersionSchema() { return Named("SpecVersion", Object(VersionProperties(true))); }

Schema SpecPushSchema() {
  std::vector<Property> props = VersionProperties(true);
  props.emplace_back("warnings", Array(String()));
  return Named("SpecPush", Object(std::move(props)));
}

Schema SpecVersionPageSchema() {
  return PageOf(Named("SpecVersionInfo", Object(VersionProperties(false))));
}

Schema SpecDiffSchema() {
  Schema line = Named("DiffLine", Object({{"op", Enum({" ", "+", "-"})}, {"text", String()}}));
  return Named(
      "SpecDiff",
      Object({{"from", Integer()}, {"to", Integer()}, {"diff", String()}, {"lines", Array(line)}}));
}

Schema SpecValidationSchema() {
  Schema error = Named("SpecError", Object({{"line", Integer()},
                                            {"column", Integer()},
                                            {"field", String()},
                                            {"message", String()}}));
  return Named("SpecValidation",
               Object({{"valid", Boolean()}, {"errors", Array(error)}, {"spec", Optional(Any())}}));
}

}  // namespace paved::deploy::spec
