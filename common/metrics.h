// MetricsRegistry: an in-process Prometheus registry of counters, histograms
// and scrape-time gauges, rendered in the text exposition format 0.0.4.
#ifndef SISKER_COMMON_METRICS_H_
#define SISKER_COMMON_METRICS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace sisker::common {

// Ordered label pairs (name, value). The order is part of a series' identity:
// callers should always pass the same labels in the same order.
using Labels = std::vector<std::pair<std::string, std::string>>;

// Thread-safe. Metric and label names must be valid Prometheus names
// ([a-zA-Z_:][a-zA-Z0-9_:]*); they are rendered as given, not checked.
// A name belongs to the first kind (counter, histogram, gauge) it is used
// or described as; later uses of the name as another kind are ignored.
class MetricsRegistry {
 public:
  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Counters and histograms are families keyed by name; each label set is a
  // series. Negative or NaN increments are ignored (counters only go up).
  void IncrementCounter(const std::string& name, const Labels& labels,
                        double by = 1);
  // NaN observations are ignored. A histogram observed before it is described
  // uses the Prometheus default buckets (.005 ... 10).
  void ObserveHistogram(const std::string& name, const Labels& labels,
                        double value);

  // Declares help text (and for histograms the upper bucket bounds; they are
  // sorted, deduplicated and +Inf/NaN dropped). Buckets of a histogram that
  // already has series are kept; only the help text changes then.
  void DescribeCounter(const std::string& name, const std::string& help);
  void DescribeHistogram(const std::string& name, const std::string& help,
                         std::vector<double> buckets);

  // Gauges are read at scrape time from a callback, e.g. pool in-use
  // connections. Re-adding the same name and labels replaces the callback.
  // The callback runs without the registry's lock held (it may use the
  // registry); a callback that throws leaves its series out of that scrape.
  void AddGauge(const std::string& name, const std::string& help,
                const Labels& labels, std::function<double()> read);

  // Prometheus text exposition format 0.0.4: families sorted by name, each
  // with # HELP (when help is set) and # TYPE lines, series sorted by labels.
  std::string Render() const;

 private:
  enum class Kind { kCounter, kHistogram };

  struct HistogramSeries {
    std::vector<uint64_t> bucket_counts;  // Per bucket, not cumulative.
    uint64_t count = 0;                   // Includes the +Inf bucket.
    double sum = 0;
  };

  struct Family {
    Kind kind = Kind::kCounter;
    std::string help;
    std::vector<double> buckets;  // Histograms: sorted finite upper bounds.
    absl::flat_hash_map<Labels, double> counters;
    absl::flat_hash_map<Labels, HistogramSeries> histograms;
  };

  using GaugeRead = std::shared_ptr<const std::function<double()>>;
  struct GaugeFamily {
    std::string help;
    absl::flat_hash_map<Labels, GaugeRead> series;
  };

  // Returns the family `name` of `kind`, creating it; nullptr when the name
  // is taken by another kind.
  Family* FamilyFor(const std::string& name, Kind kind)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Family> families_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, GaugeFamily> gauges_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_METRICS_H_
