#pragma once

#include "http/schema.h"

namespace paved::deploy::spec {

// The JSON bodies the app spec API answers with. Named shapes are documented once in OpenAPI.
// A spec's parsed form ("spec") is free-form here: its shape is the app spec's own (docs).

http::Schema SpecVersionSchema();      // GET /spec: a version with its YAML and parsed spec
http::Schema SpecPushSchema();         // PUT /spec: the version stored (or unchanged) + warnings
http::Schema SpecVersionPageSchema();  // GET /spec/versions: versions without their content
http::Schema SpecDiffSchema();         // GET /spec/diff
http::Schema SpecValidationSchema();   // POST /spec/validate

}  // namespace paved::deploy::spec
