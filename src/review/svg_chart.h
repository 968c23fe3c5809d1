// Inline SVG line charts for the review: a KPI's values with its process-limit band,
// target line (or plan path), a prior-year overlay and its signals marked, and a
// legend.
// The output is a self-contained <svg> element (no scripts, no external references).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/number_format.h"

namespace northstar::review {

struct ChartPoint {
  std::string label;  // x-axis text
  std::optional<double> value;
  std::optional<double> prior;         // the same period a year earlier
  std::optional<double> target;        // threshold or plan value in force
  std::optional<double> lower, upper;  // natural process limits
  bool signal = false;                 // a signal fired here (drawn as a red ring)
};

// A `width` x `height` chart; an empty series gives a chart that says "no data".
// Y ticks read in `unit` ("80 %", "€1,200"); x labels are thinned out so they never
// overlap (the last point, the period under review, is always labelled) and stay
// inside the chart; a legend names each series drawn.
std::string LineChart(const std::vector<ChartPoint>& points, const std::string& title, const Unit& unit = {},
                      int width = 460, int height = 200);

// Escapes & < > " ' for HTML text and attributes.
std::string HtmlEscape(const std::string& text);

}  // namespace northstar::review
