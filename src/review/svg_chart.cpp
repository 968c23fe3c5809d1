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

namespace {

constexpr double kCharWidth = 6.0;  // an estimate for 10px sans-serif, digits and capitals

double TextWidth(const std::string& text) {
  size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  return kCharWidth * static_cast<double>(chars);
}

std::string Text(double x, double y, const std::string& anchor, const std::string& cls,
                 const std::string& text) {
  return "<text class=\"" + cls + "\" x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"" + anchor +
         "\" font-size=\"10\" font-family=\"sans-serif\" fill=\"#555\">" + HtmlEscape(text) + "</text>";
}

// Every step-th label counted back from the last (the period under review is always
// labelled), step chosen so that neighbouring labels do not overlap.
size_t LabelStep(const std::vector<ChartPoint>& points, double spacing) {
  double widest = 0;
  for (const ChartPoint& p : points) widest = std::max(widest, TextWidth(p.label));
  if (spacing <= 0) return 1;
  return std::max<size_t>(1, static_cast<size_t>(std::ceil((widest + 8) / spacing)));
}

// The legend: one sample per series actually drawn.
std::string Legend(double x, double y, bool prior, bool band, bool signal) {
  std::string out = "<g class=\"legend\" font-size=\"10\" font-family=\"sans-serif\" fill=\"#555\">";
  auto entry = [&](const std::string& sample, const std::string& label) {
    out += sample + "<text x=\"" + Num(x + 20) + "\" y=\"" + Num(y + 3.5) + "\">" + HtmlEscape(label) +
           "</text>";
    x += 26 + TextWidth(label);
  };
  auto line = [&](const std::string& attrs) {
    return "<line x1=\"" + Num(x) + "\" y1=\"" + Num(y) + "\" x2=\"" + Num(x + 16) + "\" y2=\"" + Num(y) +
           "\" " + attrs + "/>";
  };
  entry(line("stroke=\"#1f4e9c\" stroke-width=\"2\""), "value");
  entry(line("stroke=\"#2ca02c\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\""), "target");
  if (band) {
    entry("<rect x=\"" + Num(x) + "\" y=\"" + Num(y - 5) +
              "\" width=\"16\" height=\"10\" fill=\"#9ecae1\" fill-opacity=\"0.35\"/>",
          "process limits");
  }
  if (prior) entry(line("stroke=\"#999\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\""), "prior year");
  if (signal) {
    entry("<circle cx=\"" + Num(x + 8) + "\" cy=\"" + Num(y) +
              "\" r=\"5\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>",
          "signal");
  }
  return out + "</g>";
}

}  // namespace

std::string LineChart(const std::vector<ChartPoint>& points, const std::string& title, const Unit& unit,
                      int width, int height) {
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height) + "\" role=\"img\" aria-label=\"" +
                    HtmlEscape(title) + "\">";
  svg += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
         "\" fill=\"#ffffff\"/>";
  svg += "<text x=\"8\" y=\"15\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#222\">" +
         HtmlEscape(title) + "</text>";
  double lo = INFINITY, hi = -INFINITY;
  bool prior = false, band = false, signal = false;
  for (const ChartPoint& p : points) {
    for (const auto& v : {p.value, p.prior, p.target, p.lower, p.upper}) {
      if (v) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
    }
    prior |= p.prior.has_value();
    band |= p.lower && p.upper;
    signal |= p.signal && p.value;
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
  const std::vector<double> ticks = {lo + pad, (lo + hi) / 2, hi - pad};
  std::vector<std::string> tick_text;
  double widest_tick = 0;
  for (double v : ticks) {
    tick_text.push_back(FormatQuantity(v, unit));
    widest_tick = std::max(widest_tick, TextWidth(tick_text.back()));
  }
  // Room for the widest y tick (it carries the unit) on the left, for half an x
  // label on the right, and for the x labels and the legend below.
  const double left = std::max(40.0, widest_tick + 10), right = 28, top = 24, bottom = 44;
  const double pw = width - left - right, ph = height - top - bottom;
  const size_t n = points.size();
  auto x = [&](size_t i) { return left + (n == 1 ? pw / 2 : pw * static_cast<double>(i) / (n - 1)); };
  auto y = [&](double v) { return top + ph * (1 - (v - lo) / (hi - lo)); };

  // Axes and y ticks.
  svg += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top) + "\" x2=\"" + Num(left) + "\" y2=\"" +
         Num(top + ph) + "\" stroke=\"#999\"/>";
  svg += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top + ph) + "\" x2=\"" + Num(left + pw) + "\" y2=\"" +
         Num(top + ph) + "\" stroke=\"#999\"/>";
  for (size_t t = 0; t < ticks.size(); ++t) {
    svg += Text(left - 4, y(ticks[t]) + 4, "end", "ytick", tick_text[t]);
    svg += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(y(ticks[t])) + "\" x2=\"" + Num(left + pw) +
           "\" y2=\"" + Num(y(ticks[t])) + "\" stroke=\"#eee\"/>";
  }
  // X labels, thinned so they never overlap, each kept inside the chart.
  const size_t step = LabelStep(points, n > 1 ? pw / static_cast<double>(n - 1) : pw);
  for (size_t i = 0; i < n; ++i) {
    if ((n - 1 - i) % step != 0) continue;
    const double half = TextWidth(points[i].label) / 2;
    const double cx = std::clamp(x(i), half + 2, width - half - 2);
    svg += Text(cx, top + ph + 16, "middle", "xlabel", points[i].label);
  }
  svg += Legend(left, height - 10, prior, band, signal);
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
