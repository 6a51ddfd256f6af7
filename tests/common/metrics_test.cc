// Tests of MetricsRegistry: the Prometheus text it renders for counters,
// histograms and gauges.
#include "common/metrics.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace sisker::common {
namespace {

TEST(MetricsRegistryTest, RendersNothingWhenEmpty) {
  MetricsRegistry registry;
  EXPECT_EQ(registry.Render(), "");
}

TEST(MetricsRegistryTest, RendersCountersWithHelpTypeAndSortedSeries) {
  MetricsRegistry registry;
  registry.DescribeCounter("rpc_requests_total", "RPCs handled.");
  registry.IncrementCounter("rpc_requests_total",
                            {{"method", "Get"}, {"code", "OK"}});
  registry.IncrementCounter("rpc_requests_total",
                            {{"method", "Create"}, {"code", "OK"}}, 2);
  registry.IncrementCounter("rpc_requests_total",
                            {{"method", "Get"}, {"code", "OK"}}, 0.5);
  registry.IncrementCounter("a_total", {});

  EXPECT_EQ(registry.Render(),
            "# TYPE a_total counter\n"
            "a_total 1\n"
            "# HELP rpc_requests_total RPCs handled.\n"
            "# TYPE rpc_requests_total counter\n"
            "rpc_requests_total{method=\"Create\",code=\"OK\"} 2\n"
            "rpc_requests_total{method=\"Get\",code=\"OK\"} 1.5\n");
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelpText) {
  MetricsRegistry registry;
  registry.DescribeCounter("odd_total", "Back\\slash and\nnewline \"kept\".");
  registry.IncrementCounter("odd_total", {{"v", "a\\b\"c\nd"}});

  EXPECT_EQ(registry.Render(),
            "# HELP odd_total Back\\\\slash and\\nnewline \"kept\".\n"
            "# TYPE odd_total counter\n"
            "odd_total{v=\"a\\\\b\\\"c\\nd\"} 1\n");
}

TEST(MetricsRegistryTest, IgnoresNegativeAndNanCounterIncrements) {
  MetricsRegistry registry;
  registry.IncrementCounter("c_total", {}, 3);
  registry.IncrementCounter("c_total", {}, -1);
  registry.IncrementCounter("c_total", {},
                            std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(registry.Render(), "# TYPE c_total counter\nc_total 3\n");
}

TEST(MetricsRegistryTest, KeepsLargeCountsExact) {
  MetricsRegistry registry;
  registry.IncrementCounter("big_total", {}, 123456789);
  EXPECT_EQ(registry.Render(),
            "# TYPE big_total counter\nbig_total 123456789\n");
}

TEST(MetricsRegistryTest, RendersHistogramBucketsCumulativeWithInf) {
  MetricsRegistry registry;
  registry.DescribeHistogram("rpc_seconds", "RPC latency.", {1, 0.1, 0.5});
  const Labels labels = {{"method", "Get"}};
  registry.ObserveHistogram("rpc_seconds", labels, 0.05);
  registry.ObserveHistogram("rpc_seconds", labels, 0.1);  // le is inclusive.
  registry.ObserveHistogram("rpc_seconds", labels, 0.3);
  registry.ObserveHistogram("rpc_seconds", labels, 7);

  EXPECT_EQ(registry.Render(),
            "# HELP rpc_seconds RPC latency.\n"
            "# TYPE rpc_seconds histogram\n"
            "rpc_seconds_bucket{method=\"Get\",le=\"0.1\"} 2\n"
            "rpc_seconds_bucket{method=\"Get\",le=\"0.5\"} 3\n"
            "rpc_seconds_bucket{method=\"Get\",le=\"1\"} 3\n"
            "rpc_seconds_bucket{method=\"Get\",le=\"+Inf\"} 4\n"
            "rpc_seconds_sum{method=\"Get\"} 7.45\n"
            "rpc_seconds_count{method=\"Get\"} 4\n");
}

TEST(MetricsRegistryTest, RendersUnlabelledHistogramWithOnlyTheLeLabel) {
  MetricsRegistry registry;
  registry.DescribeHistogram("size_bytes", "", {10});
  registry.ObserveHistogram("size_bytes", {}, 4);

  EXPECT_EQ(registry.Render(),
            "# TYPE size_bytes histogram\n"
            "size_bytes_bucket{le=\"10\"} 1\n"
            "size_bytes_bucket{le=\"+Inf\"} 1\n"
            "size_bytes_sum 4\n"
            "size_bytes_count 1\n");
}

TEST(MetricsRegistryTest, UsesDefaultBucketsForAnUndescribedHistogram) {
  MetricsRegistry registry;
  registry.ObserveHistogram("h", {}, 0.2);
  const std::string text = registry.Render();
  EXPECT_NE(text.find("h_bucket{le=\"0.005\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("h_bucket{le=\"0.25\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("h_bucket{le=\"10\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("h_bucket{le=\"+Inf\"} 1\n"), std::string::npos);
}

TEST(MetricsRegistryTest, ReadsGaugesAtScrapeTime) {
  MetricsRegistry registry;
  int in_use = 3;
  registry.AddGauge("pool_in_use", "Connections in use.", {{"pool", "pg"}},
                    [&in_use] { return static_cast<double>(in_use); });

  EXPECT_EQ(registry.Render(),
            "# HELP pool_in_use Connections in use.\n"
            "# TYPE pool_in_use gauge\n"
            "pool_in_use{pool=\"pg\"} 3\n");
  in_use = 5;
  EXPECT_EQ(registry.Render(),
            "# HELP pool_in_use Connections in use.\n"
            "# TYPE pool_in_use gauge\n"
            "pool_in_use{pool=\"pg\"} 5\n");
}

TEST(MetricsRegistryTest, LetsAGaugeCallbackUseTheRegistry) {
  MetricsRegistry registry;
  registry.AddGauge("g", "", {}, [&registry] {
    registry.IncrementCounter("scrapes_total", {});
    return 1.0;
  });
  registry.Render();
  EXPECT_NE(registry.Render().find("scrapes_total 1\n"), std::string::npos);
}

TEST(MetricsRegistryTest, LeavesOutAGaugeWhoseCallbackThrows) {
  MetricsRegistry registry;
  registry.AddGauge("bad", "", {}, []() -> double { throw 1; });
  registry.AddGauge("good", "", {}, [] { return 2.0; });
  EXPECT_EQ(registry.Render(), "# TYPE good gauge\ngood 2\n");
}

TEST(MetricsRegistryTest, SortsFamiliesOfAllKindsByName) {
  MetricsRegistry registry;
  registry.AddGauge("b_gauge", "", {}, [] { return 1.0; });
  registry.IncrementCounter("c_total", {});
  registry.IncrementCounter("a_total", {});
  const std::string text = registry.Render();
  EXPECT_LT(text.find("a_total 1"), text.find("b_gauge 1"));
  EXPECT_LT(text.find("b_gauge 1"), text.find("c_total 1"));
}

TEST(MetricsRegistryTest, IgnoresANameUsedAsAnotherKind) {
  MetricsRegistry registry;
  registry.IncrementCounter("x", {});
  registry.ObserveHistogram("x", {}, 1);
  registry.AddGauge("x", "", {}, [] { return 9.0; });
  EXPECT_EQ(registry.Render(), "# TYPE x counter\nx 1\n");
}

TEST(MetricsRegistryTest, CountsEveryIncrementFromManyThreads) {
  MetricsRegistry registry;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&registry] {
      for (int i = 0; i < 1000; ++i) {
        registry.IncrementCounter("n_total", {{"k", "v"}});
        registry.ObserveHistogram("h", {}, 1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = registry.Render();
  EXPECT_NE(text.find("n_total{k=\"v\"} 4000\n"), std::string::npos);
  EXPECT_NE(text.find("h_count 4000\n"), std::string::npos);
}

}  // namespace
}  // namespace sisker::common
