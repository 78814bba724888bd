#pragma once

#include <string>

namespace paved::deploy::spec {

// Value checks of paved.yaml, independent of YAML. Each answers "" when the value is fine,
// otherwise the error message.

// Lowercase DNS-1123 label: 1-63 of a-z, 0-9, '-', starting and ending alphanumeric.
std::string CheckDnsLabel(const std::string& s);
// An image repository without tag or digest ("registry.example.com/team/app", "nginx",
// "localhost:5000/app"). A tag or digest is refused: it is chosen at deploy time.
std::string CheckImage(const std::string& s);
// A Kubernetes CPU quantity: "500m", "0.5", "2"; greater than zero.
std::string CheckCpuQuantity(const std::string& s);
// A Kubernetes memory quantity: "512Mi", "1Gi", "1G", "134217728"; greater than zero.
std::string CheckMemoryQuantity(const std::string& s);
// A cron schedule: five fields (minute hour day-of-month month day-of-week), each `*`, a
// number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma list of those; month and weekday
// also take names (JAN, MON). The macros @hourly, @daily, @midnight, @weekly, @monthly,
// @yearly and @annually are accepted too.
std::string CheckCronSchedule(const std::string& s);
// An environment variable name as Kubernetes accepts it: [-._a-zA-Z][-._a-zA-Z0-9]*.
std::string CheckEnvName(const std::string& s);
// A host name for an ingress: lowercase DNS labels joined by dots, optionally "*." first.
std::string CheckHost(const std::string& s);
// An HTTP path: starts with '/', no whitespace.
std::string CheckHttpPath(const std::string& s);

}  // namespace paved::deploy::spec
