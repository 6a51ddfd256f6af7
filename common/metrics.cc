// MetricsRegistry: counters, histograms and scrape-time gauges rendered in the
// Prometheus text exposition format 0.0.4.
#include "common/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <string_view>
#include <system_error>

namespace sisker::common {
namespace {

// The Prometheus client default buckets, for histograms never described.
const std::vector<double>& DefaultBuckets() {
  static const auto* const kBuckets = new std::vector<double>{
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *kBuckets;
}

std::vector<double> NormalizeBuckets(std::vector<double> buckets) {
  std::erase_if(buckets, [](double b) { return !std::isfinite(b); });
  std::sort(buckets.begin(), buckets.end());
  buckets.erase(std::unique(buckets.begin(), buckets.end()), buckets.end());
  return buckets;
}

// Shortest round-trip form ("1", "0.25", "1e+06"), or +Inf / -Inf / NaN.
void AppendDouble(std::string* out, double v) {
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(v)) {
    out->append(v > 0 ? "+Inf" : "-Inf");
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  if (ec != std::errc()) {
    out->append("NaN");
    return;
  }
  out->append(buf, end);
}

// HELP text escapes backslash and newline; label values also escape '"'.
void AppendEscaped(std::string* out, std::string_view text, bool escape_quote) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '"':
        if (escape_quote) {
          out->append("\\\"");
        } else {
          out->push_back(c);
        }
        break;
      default:
        out->push_back(c);
    }
  }
}

void AppendLabelPair(std::string* out, std::string_view name,
                     std::string_view value) {
  out->append(name);
  out->append("=\"");
  AppendEscaped(out, value, /*escape_quote=*/true);
  out->push_back('"');
}

// `{a="x",b="y"}`, with an optional trailing `le` label; nothing when empty.
void AppendLabels(std::string* out, const Labels& labels,
                  const std::string* le = nullptr) {
  if (labels.empty() && le == nullptr) return;
  out->push_back('{');
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out->push_back(',');
    first = false;
    AppendLabelPair(out, name, value);
  }
  if (le != nullptr) {
    if (!first) out->push_back(',');
    AppendLabelPair(out, "le", *le);
  }
  out->push_back('}');
}

void AppendHeader(std::string* out, const std::string& name,
                  const std::string& help, std::string_view type) {
  if (!help.empty()) {
    out->append("# HELP ");
    out->append(name);
    out->push_back(' ');
    AppendEscaped(out, help, /*escape_quote=*/false);
    out->push_back('\n');
  }
  out->append("# TYPE ");
  out->append(name);
  out->push_back(' ');
  out->append(type);
  out->push_back('\n');
}

// Pointers to a map's entries, ordered by their labels.
template <typename Map>
std::vector<const typename Map::value_type*> SortedSeries(const Map& map) {
  std::vector<const typename Map::value_type*> sorted;
  sorted.reserve(map.size());
  for (const auto& entry : map) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  return sorted;
}

}  // namespace

MetricsRegistry::Family* MetricsRegistry::FamilyFor(const std::string& name,
                                                    Kind kind) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    if (gauges_.contains(name)) return nullptr;
    it = families_.try_emplace(name).first;
    it->second.kind = kind;
    if (kind == Kind::kHistogram) it->second.buckets = DefaultBuckets();
  }
  return it->second.kind == kind ? &it->second : nullptr;
}

void MetricsRegistry::IncrementCounter(const std::string& name,
                                       const Labels& labels, double by) {
  if (!(by >= 0)) return;  // Also rejects NaN.
  try {
    absl::MutexLock lock(&mu_);
    Family* family = FamilyFor(name, Kind::kCounter);
    if (family == nullptr) return;
    auto it = family->counters.find(labels);
    if (it == family->counters.end()) {
      it = family->counters.try_emplace(labels, 0.0).first;
    }
    it->second += by;
  } catch (...) {
    // Only allocation can fail; dropping one increment is the best we can do.
  }
}

void MetricsRegistry::ObserveHistogram(const std::string& name,
                                       const Labels& labels, double value) {
  if (std::isnan(value)) return;
  try {
    absl::MutexLock lock(&mu_);
    Family* family = FamilyFor(name, Kind::kHistogram);
    if (family == nullptr) return;
    auto it = family->histograms.find(labels);
    if (it == family->histograms.end()) {
      it = family->histograms.try_emplace(labels).first;
      it->second.bucket_counts.assign(family->buckets.size(), 0);
    }
    HistogramSeries& series = it->second;
    const size_t bucket = std::lower_bound(family->buckets.begin(),
                                           family->buckets.end(), value) -
                          family->buckets.begin();
    if (bucket < series.bucket_counts.size()) ++series.bucket_counts[bucket];
    ++series.count;
    series.sum += value;
  } catch (...) {
    // Only allocation can fail; dropping one observation is the best we can do.
  }
}

void MetricsRegistry::DescribeCounter(const std::string& name,
                                      const std::string& help) {
  try {
    absl::MutexLock lock(&mu_);
    Family* family = FamilyFor(name, Kind::kCounter);
    if (family != nullptr) family->help = help;
  } catch (...) {
  }
}

void MetricsRegistry::DescribeHistogram(const std::string& name,
                                        const std::string& help,
                                        std::vector<double> buckets) {
  try {
    buckets = NormalizeBuckets(std::move(buckets));
    absl::MutexLock lock(&mu_);
    Family* family = FamilyFor(name, Kind::kHistogram);
    if (family == nullptr) return;
    family->help = help;
    if (family->histograms.empty()) family->buckets = std::move(buckets);
  } catch (...) {
  }
}

void MetricsRegistry::AddGauge(const std::string& name, const std::string& help,
                               const Labels& labels,
                               std::function<double()> read) {
  if (!read) return;
  try {
    auto shared =
        std::make_shared<const std::function<double()>>(std::move(read));
    absl::MutexLock lock(&mu_);
    if (families_.contains(name)) return;
    GaugeFamily& family = gauges_[name];
    if (!help.empty()) family.help = help;
    family.series.insert_or_assign(labels, std::move(shared));
  } catch (...) {
  }
}

std::string MetricsRegistry::Render() const {
  try {
    // (family name, rendered family) pairs, sorted by name at the end.
    std::vector<std::pair<std::string, std::string>> blocks;
    struct GaugeSnapshot {
      std::string name;
      std::string help;
      std::vector<std::pair<Labels, GaugeRead>> series;
    };
    std::vector<GaugeSnapshot> gauges;
    {
      absl::MutexLock lock(&mu_);
      blocks.reserve(families_.size() + gauges_.size());
      for (const auto& [name, family] : families_) {
        std::string text;
        if (family.kind == Kind::kCounter) {
          if (family.counters.empty()) continue;
          AppendHeader(&text, name, family.help, "counter");
          for (const auto* entry : SortedSeries(family.counters)) {
            text.append(name);
            AppendLabels(&text, entry->first);
            text.push_back(' ');
            AppendDouble(&text, entry->second);
            text.push_back('\n');
          }
        } else {
          if (family.histograms.empty()) continue;
          AppendHeader(&text, name, family.help, "histogram");
          std::vector<std::string> bounds;
          bounds.reserve(family.buckets.size() + 1);
          for (double bound : family.buckets) {
            std::string le;
            AppendDouble(&le, bound);
            bounds.push_back(std::move(le));
          }
          bounds.push_back("+Inf");
          for (const auto* entry : SortedSeries(family.histograms)) {
            const HistogramSeries& series = entry->second;
            uint64_t cumulative = 0;
            for (size_t i = 0; i < bounds.size(); ++i) {
              cumulative = i < series.bucket_counts.size()
                               ? cumulative + series.bucket_counts[i]
                               : series.count;
              text.append(name);
              text.append("_bucket");
              AppendLabels(&text, entry->first, &bounds[i]);
              text.push_back(' ');
              text.append(std::to_string(cumulative));
              text.push_back('\n');
            }
            text.append(name);
            text.append("_sum");
            AppendLabels(&text, entry->first);
            text.push_back(' ');
            AppendDouble(&text, series.sum);
            text.push_back('\n');
            text.append(name);
            text.append("_count");
            AppendLabels(&text, entry->first);
            text.push_back(' ');
            text.append(std::to_string(series.count));
            text.push_back('\n');
          }
        }
        blocks.emplace_back(name, std::move(text));
      }
      gauges.reserve(gauges_.size());
      for (const auto& [name, family] : gauges_) {
        GaugeSnapshot snapshot{name, family.help, {}};
        snapshot.series.reserve(family.series.size());
        for (const auto& [labels, read] : family.series) {
          snapshot.series.emplace_back(labels, read);
        }
        gauges.push_back(std::move(snapshot));
      }
    }

    // Gauge callbacks run unlocked: they may be slow or use this registry.
    for (GaugeSnapshot& gauge : gauges) {
      std::sort(gauge.series.begin(), gauge.series.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      std::string text;
      AppendHeader(&text, gauge.name, gauge.help, "gauge");
      bool any = false;
      for (const auto& [labels, read] : gauge.series) {
        double value;
        try {
          value = (*read)();
        } catch (...) {
          continue;
        }
        any = true;
        text.append(gauge.name);
        AppendLabels(&text, labels);
        text.push_back(' ');
        AppendDouble(&text, value);
        text.push_back('\n');
      }
      if (any) blocks.emplace_back(std::move(gauge.name), std::move(text));
    }

    std::sort(blocks.begin(), blocks.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    size_t size = 0;
    for (const auto& block : blocks) size += block.second.size();
    std::string out;
    out.reserve(size);
    for (const auto& block : blocks) out.append(block.second);
    return out;
  } catch (...) {
    return std::string();
  }
}

}  // namespace sisker::common
