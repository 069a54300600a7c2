#include "common/metrics/metrics.hpp"

#include <gtest/gtest.h>

namespace hub::metrics {
namespace {

TEST(Metrics, RendersPrometheusText) {
  Registry r;
  r.counter("hub_test_total", "Things", {{"route", "/a"}, {"code", "2xx"}}).inc(3);
  auto& g = r.gauge("hub_test_bytes", "Bytes");
  g.add(10);
  g.sub(4);
  r.histogram("hub_test_seconds", "Latency", {{"route", "/a"}}).observe(0.003);
  std::string text = r.render();
  EXPECT_NE(text.find("# TYPE hub_test_total counter"), std::string::npos);
  EXPECT_NE(text.find("hub_test_total{route=\"/a\",code=\"2xx\"} 3"), std::string::npos);
  EXPECT_NE(text.find("hub_test_bytes 6"), std::string::npos);
  EXPECT_NE(text.find("hub_test_bytes_peak 10"), std::string::npos);
  EXPECT_NE(text.find("hub_test_seconds_bucket{route=\"/a\",le=\"0.0025\"} 0"), std::string::npos);
  EXPECT_NE(text.find("hub_test_seconds_bucket{route=\"/a\",le=\"0.005\"} 1"), std::string::npos);
  EXPECT_NE(text.find("hub_test_seconds_bucket{route=\"/a\",le=\"+Inf\"} 1"), std::string::npos);
  EXPECT_NE(text.find("hub_test_seconds_count{route=\"/a\"} 1"), std::string::npos);
}

TEST(Metrics, SameLabelsSameMetric) {
  Registry r;
  auto& a = r.counter("c", "h", {{"k", "v"}});
  auto& b = r.counter("c", "h", {{"k", "v"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &r.counter("c", "h", {{"k", "w"}}));
  EXPECT_THROW(r.gauge("c", "h"), std::logic_error);
}

TEST(Metrics, LabelValuesEscaped) {
  EXPECT_EQ(format_labels({{"p", "a\"b\\c\nd"}}), "{p=\"a\\\"b\\\\c\\nd\"}");
}

}  // namespace
}  // namespace hub::metrics
