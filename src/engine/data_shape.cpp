#include "engine/data_shape.h"

#include <sstream>
#include <vector>

#include "common/text.h"

namespace northstar::engine {
namespace {

// Fields are separated by single spaces; a field escapes `\`, space and line breaks.
std::string Escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ' ': out += "\\s"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out;
}

bool Unescape(const std::string& s, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i == s.size()) return false;
    switch (s[i]) {
      case '\\': out += '\\'; break;
      case 's': out += ' '; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      default: return false;
    }
  }
  return true;
}

std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    const size_t sp = line.find(' ', pos);
    out.push_back(line.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos));
    if (sp == std::string::npos) return out;
    pos = sp + 1;
  }
}

void AddCount(std::map<std::string, int64_t>& m, const std::string& key, int64_t n) {
  if ((m[key] += n) == 0) m.erase(key);
}

}  // namespace

Status AddShape(DataShape& base, const DataShape& delta) {
  for (const auto& [id, d] : delta.sources) {
    SourceShape& s = base.sources[id];
    s.timed = s.timed || d.timed;
    for (const auto& [day, n] : d.day_rows) {
      if ((s.day_rows[day] += n) == 0) s.day_rows.erase(day);
    }
    for (const auto& [dim, labels] : d.label_rows) {
      for (const auto& [label, n] : labels) AddCount(s.label_rows[dim], label, n);
    }
    for (const auto& [day, n] : s.day_rows) {
      if (n < 0) return Status::InvalidArgument("source '" + id + "': a day would have fewer than 0 rows");
    }
    for (const auto& [dim, labels] : s.label_rows) {
      for (const auto& [label, n] : labels) {
        if (n < 0) {
          return Status::InvalidArgument("source '" + id + "': segment " + dim + "=" + label +
                                         " would have fewer than 0 rows");
        }
      }
    }
  }
  return Status::Ok();
}

std::string EncodeShape(const DataShape& shape) {
  std::string out;
  for (const auto& [id, s] : shape.sources) {
    const std::string eid = Escape(id);
    out += "source " + eid + (s.timed ? " timed\n" : " untimed\n");
    if (s.has_days()) {
      out += "days " + eid + " " + std::to_string(s.min_day());
      int32_t next = s.min_day();
      for (const auto& [day, n] : s.day_rows) {
        for (; next < day; ++next) out += " 0";
        out += ' ';
        out += std::to_string(n);
        next = day + 1;
      }
      out += "\n";
    }
    for (const auto& [dim, labels] : s.label_rows) {
      // An empty map still says the dimension exists (a source without rows).
      out += "dim " + eid + " " + Escape(dim) + "\n";
      for (const auto& [label, n] : labels) {
        out += "label " + eid + " " + Escape(dim) + " " + std::to_string(n) + " " + Escape(label) + "\n";
      }
    }
  }
  return out;
}

Result<DataShape> DecodeShape(const std::string& text) {
  DataShape shape;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> f = Fields(line);
    auto bad = [&] { return Status::InvalidArgument("bad data-shape line: " + line); };
    std::string id, dim, label;
    if (f.size() < 2 || !Unescape(f[1], id)) return bad();
    SourceShape& s = shape.sources[id];
    if (f[0] == "source" && f.size() == 3) {
      s.timed = f[2] == "timed";
    } else if (f[0] == "days" && f.size() >= 3) {
      int32_t day = 0;
      if (!ParseWhole(f[2], day)) return bad();
      for (size_t i = 3; i < f.size(); ++i, ++day) {
        int64_t n = 0;
        if (!ParseWhole(f[i], n)) return bad();
        if (n != 0) s.day_rows[day] = n;
      }
    } else if (f[0] == "dim" && f.size() == 3) {
      if (!Unescape(f[2], dim)) return bad();
      s.label_rows[dim];
    } else if (f[0] == "label" && f.size() == 5) {
      int64_t n = 0;
      if (!Unescape(f[2], dim) || !ParseWhole(f[3], n) || !Unescape(f[4], label)) return bad();
      s.label_rows[dim][label] = n;
    } else {
      return bad();
    }
  }
  return shape;
}

}  // namespace northstar::engine
