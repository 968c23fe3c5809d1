#include "review/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace northstar::review {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}


}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string LineChart(const std::vector<ChartPoint>& points, const std::string& title, const Unit& unit,
                      int width, int height) {
  const double left = 52, right = 12, top = 24, bottom = 28;
  const double pw = width - left - right, ph = height - top - bottom;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height) + "\" role=\"img\" aria-label=\"" +
                    HtmlEscape(title) + "\">";
  svg += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
         "\" fill=\"#ffffff\"/>";
  svg += "<text x=\"" + Num(left) + "\" y=\"15\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#222\">" +
         HtmlEscape(title) + "</text>";
  double lo = INFINITY, hi = -INFINITY;
  for (const ChartPoint& p : points) {
    for (const auto& v : {p.value, p.prior, p.target, p.lower, p.upper}) {
      if (v) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
    }
  }
  if (points.empty() || !std::isfinite(lo)) {
    svg += "<text x=\"" + Num(width / 2.0) + "\" y=\"" + Num(height / 2.0) +
           "\" text-anchor=\"middle\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#888\">no "
           "data</text></svg>";
    return svg;
  }
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {
    lo -= 1;
    hi += 1;
  }
  const double pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const size_t n = points.size();
  auto x = [&](size_t i) { return left + (n == 1 ? pw / 2 : pw * static_cast<double>(i) / (n - 1)); };
  auto y = [&](double v) { return top + ph * (1 - (v - lo) / (hi - lo)); };

  // Axes and y ticks.
  svg += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top) + "\" x2=\"" + Num(left) + "\" y2=\"" +
         Num(top + ph) + "\" stroke=\"#999\"/>";
  svg += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top + ph) + "\" x2=\"" + Num(left + pw) + "\" y2=\"" +
         Num(top + ph) + "\" stroke=\"#999\"/>";
  for (double v : {lo + pad, (lo + hi) / 2, hi - pad}) {
    svg += "<text x=\"" + Num(left - 4) + "\" y=\"" + Num(y(v) + 4) +
           "\" text-anchor=\"end\" font-size=\"10\" font-family=\"sans-serif\" fill=\"#555\">" + HtmlEscape(FormatQuantity(v, unit)) +
           "</text>";
    svg += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(y(v)) + "\" x2=\"" + Num(left + pw) + "\" y2=\"" +
           Num(y(v)) + "\" stroke=\"#eee\"/>";
  }
  // X labels: first, middle, last (all when few).
  for (size_t i = 0; i < n; ++i) {
    if (n > 7 && i != 0 && i != n - 1 && i != n / 2) continue;
    svg += "<text x=\"" + Num(x(i)) + "\" y=\"" + Num(top + ph + 16) +
           "\" text-anchor=\"middle\" font-size=\"10\" font-family=\"sans-serif\" fill=\"#555\">" +
           HtmlEscape(points[i].label) + "</text>";
  }
  // Process-limit band: polygon over the points that have limits.
  std::string upper, lower;
  for (size_t i = 0; i < n; ++i) {
    if (points[i].lower && points[i].upper) upper += Num(x(i)) + "," + Num(y(*points[i].upper)) + " ";
  }
  for (size_t i = n; i-- > 0;) {
    if (points[i].lower && points[i].upper) lower += Num(x(i)) + "," + Num(y(*points[i].lower)) + " ";
  }
  if (!upper.empty()) {
    svg += "<polygon class=\"band\" points=\"" + upper + lower +
           "\" fill=\"#9ecae1\" fill-opacity=\"0.35\" stroke=\"none\"/>";
  }
  auto polyline = [&](auto get, const std::string& attrs) {
    std::string pts;
    for (size_t i = 0; i < n; ++i) {
      if (auto v = get(points[i])) pts += Num(x(i)) + "," + Num(y(*v)) + " ";
    }
    if (!pts.empty()) svg += "<polyline points=\"" + pts + "\" fill=\"none\" " + attrs + "/>";
  };
  polyline([](const ChartPoint& p) { return p.target; },
           "class=\"target\" stroke=\"#2ca02c\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"");
  polyline([](const ChartPoint& p) { return p.prior; },
           "class=\"prior\" stroke=\"#999\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"");
  polyline([](const ChartPoint& p) { return p.value; },
           "class=\"value\" stroke=\"#1f4e9c\" stroke-width=\"2\"");
  for (size_t i = 0; i < n; ++i) {
    if (!points[i].value) continue;
    svg += "<circle cx=\"" + Num(x(i)) + "\" cy=\"" + Num(y(*points[i].value)) +
           "\" r=\"2.5\" fill=\"#1f4e9c\"/>";
    if (points[i].signal) {
      svg += "<circle class=\"signal\" cx=\"" + Num(x(i)) + "\" cy=\"" + Num(y(*points[i].value)) +
             "\" r=\"6\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>";
    }
  }
  svg += "</svg>";
  return svg;
}

}  // namespace northstar::review
