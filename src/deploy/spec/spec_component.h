#pragma once

// Internal to the spec parser: one component and its nested sections.

#include "deploy/spec/app_spec.h"
#include "deploy/spec/spec_reader.h"

namespace paved::deploy::spec::internal {

// Reads `entry` (name: {...}) as a component of `kind` into `out`, recording every error.
void ReadComponent(Reader& r, const Entry& entry, ComponentKind kind, Component* out);

}  // namespace paved::deploy::spec::internal
