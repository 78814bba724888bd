// HR source documents (a file or an HTTP answer) with the default field mapping. Checks:
// nothing throws; accepted teams have ids and names, distinct ids and listed parents.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "providers/hr/hr_source.h"
#include "tests/fuzz/fuzz_check.h"

namespace paved::providers::hr {
namespace {

void FuzzOne(const std::string& body) {
  auto teams = ParseHrTeams(body, HrMapping{});
  if (!teams.ok()) return fuzz::CheckClientError(teams.status());
  std::set<std::string> ids;
  for (const HrTeam& t : *teams) {
    fuzz::Check(!t.id.empty() && !t.name.empty(), "team without id or name");
    fuzz::Check(ids.insert(t.id).second, "duplicate team id " + t.id);
  }
  for (const HrTeam& t : *teams) {
    fuzz::Check(t.parent_id.empty() || ids.count(t.parent_id), "unlisted parent " + t.parent_id);
  }
}

}  // namespace
}  // namespace paved::providers::hr

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paved::providers::hr::FuzzOne(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
