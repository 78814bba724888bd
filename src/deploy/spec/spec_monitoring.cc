#include "deploy/spec/spec_monitoring.h"

#include <regex>

#include "absl/strings/numbers.h"
#include "core/bounded_regex.h"
#include "deploy/spec/spec_keys.h"

namespace paved::deploy::spec::internal {
namespace {

constexpr size_t kMaxName = 200;

// A percentage strictly between 0 and 100 (a plain number: 99.95).
std::optional<double> Percent(Reader& r, const Entry& e) {
  double v = 0;
  if (!e.value.IsScalar() || e.value.Tag() != "?" || !absl::SimpleAtod(e.value.Scalar(), &v) ||
      !(v > 0 && v < 100)) {
    r.Error(e.value, e.path, "must be a percentage above 0 and below 100, e.g. 99.9");
    return std::nullopt;
  }
  return v;
}

// A Prometheus metric name (`label` false) or label name (`label` true), as written.
std::string Name(Reader& r, const Entry* e, bool label) {
  if (!e) return "";
  static const std::regex kMetric("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static const std::regex kLabel("[a-zA-Z_][a-zA-Z0-9_]*");
  auto s = r.String(e->value, e->path);
  if (!s) return "";
  if (s->size() > kMaxName || !BoundedRegexMatch(*s, label ? kLabel : kMetric)) {
    r.Error(e->value, e->path,
            label ? "must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)"
                  : "must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    return "";
  }
  return *s;
}

// One of `allowed`, as written; "" after an error.
std::string OneOf(Reader& r, const Entry* e, const std::vector<std::string>& allowed) {
  if (!e) return "";
  auto s = r.String(e->value, e->path);
  if (!s) return "";
  for (const std::string& a : allowed) {
    if (*s == a) return a;
  }
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : " or ") + a;
  r.Error(e->value, e->path, "must be " + list + ", not '" + s->substr(0, 40) + "'");
  return "";
}

void ReadAppNames(Reader& r, const Entries& f, MonitoringMetrics* m) {
  m->requests_total = Name(r, f.Find("requests_total"), false);
  m->duration_bucket = Name(r, f.Find("duration_bucket"), false);
  m->duration_unit = OneOf(r, f.Find("duration_unit"), {"seconds", "milliseconds"});
  m->status_label = Name(r, f.Find("status_label"), true);
  m->service_label = Name(r, f.Find("service_label"), true);
  m->namespace_label = Name(r, f.Find("namespace_label"), true);
  if (const Entry* x = f.Find("error_regex")) {
    m->error_regex = r.String(x->value, x->path).value_or("");
    if (m->error_regex.empty() || m->error_regex.size() > kMaxName) {
      r.Error(x->value, x->path, "must be a regular expression of 1 to 200 characters");
    }
  }
}

// `metrics: istio` or `metrics: {source: app, requests_total: ..., ...}`.
void ReadMetrics(Reader& r, const Entry& e, MonitoringMetrics* m) {
  if (e.value.IsScalar()) {
    m->source = OneOf(r, &e, {"istio", "app"});
    return;
  }
  Entries f = r.Keys(e.value, e.path, MonitoringMetricsKeys());
  if (!e.value.IsMap()) return;
  const Entry* source = f.Find("source");
  if (!source) {
    r.Error(e.value, Join(e.path, "source"), "source is required (istio or app)");
    return;
  }
  m->source = OneOf(r, source, {"istio", "app"});
  if (m->source == "istio" && f.list().size() > 1) {
    r.Error(e.value, e.path, "metric names apply to source app only");
    return;
  }
  ReadAppNames(r, f, m);
}

void ReadLatency(Reader& r, const Entry& e, SloSpec* slo) {
  Entries f = r.Keys(e.value, e.path, SloLatencyKeys());
  if (!e.value.IsMap()) return;
  const Entry* percent = f.Find("percent");
  const Entry* ms = f.Find("ms");
  if (!percent || !ms) {
    r.Error(e.value, Join(e.path, percent ? "ms" : "percent"), "percent and ms are both required");
    return;
  }
  slo->latency_percent = Percent(r, *percent);
  slo->latency_ms = r.Int(ms->value, ms->path, 1, 600'000);
}

void ReadSlo(Reader& r, const Entry& e, SloSpec* slo) {
  Entries f = r.Keys(e.value, e.path, SloKeys());
  if (const Entry* a = f.Find("availability")) slo->availability = Percent(r, *a);
  if (const Entry* l = f.Find("latency")) ReadLatency(r, *l, slo);
}

}  // namespace

void ReadMonitoring(Reader& r, const Entry& e, MonitoringSpec* out) {
  if (e.value.IsNull()) return;
  Entries f = r.Keys(e.value, e.path, MonitoringKeys());
  if (const Entry* m = f.Find("metrics")) ReadMetrics(r, *m, &out->metrics);
  if (const Entry* s = f.Find("slo")) ReadSlo(r, *s, &out->slo);
}

}  // namespace paved::deploy::spec::internal
