#pragma once

#include "deploy/runtime/local/local_runtime.h"
#include "deploy/secrets/key_ring.h"

namespace paved::deploy::runtime::local {

// Sets options->seal/unseal to encrypt with `keys` (AES-256-GCM under the ring's active key,
// AAD "paved local runtime state"): values sealed before a key rotation still open while their
// key stays in the ring. `keys` must outlive the runtime.
void SealWithKeyRing(const KeyRing* keys, LocalRuntimeOptions* options);

}  // namespace paved::deploy::runtime::local
