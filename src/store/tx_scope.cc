#include "store/tx_scope.h"

#include <algorithm>
#include <vector>

namespace paved::store {
namespace {

thread_local std::vector<const void*> active_stores;

}  // namespace

TxScope::TxScope(const void* store) : store_(store) { active_stores.push_back(store); }

TxScope::~TxScope() {
  auto it = std::find(active_stores.rbegin(), active_stores.rend(), store_);
  if (it != active_stores.rend()) active_stores.erase(std::next(it).base());
}

bool TxScope::Active(const void* store) {
  return std::find(active_stores.begin(), active_stores.end(), store) != active_stores.end();
}

}  // namespace paved::store
