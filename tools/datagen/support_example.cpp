// The support example: helpdesk tickets (CSV) and CSAT survey answers (JSONL), plus a
// late batch of tickets. Planted effects (docs/examples.md, "support"):
//   weeks are counted from the first day (a Monday), week 0..103
//   - weekday volume profile and Monday/Friday slower first responses
//   - yearly volume wave peaking in early December
//   - step change at week 40: volume x1.25 and first response x0.85 (new routing)
//   - deviation weeks 49-50 (first response x2.5), recovered from week 51
//   - gaming weeks 66-69: first response x0.35, reopen rate 7% -> 24%, FCR down
//   - masking from week 92: region APAC first response x2.2, the rest x0.7
//   - CSAT drop from week 96 to the end, no recovery
//   - malformed rows at file lines 101, 202, 303 of tickets.csv
//   - tickets_late.csv: new rows for week 102 and edits of week-101 tickets
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "civil_time.h"
#include "example.h"
#include "output_file.h"
#include "random.h"

namespace northstar::datagen {
namespace {

constexpr int kStepWeek = 40;
constexpr int kDeviationFirstWeek = 49, kDeviationLastWeek = 50;
constexpr int kGamingFirstWeek = 66, kGamingLastWeek = 69;
constexpr int kMaskingFirstWeek = 92;
constexpr int kCsatDropFirstWeek = 96;
constexpr int kLateRowsWeek = 102;
constexpr int kEditedWeek = 101;
// File lines (header = line 1) of tickets.csv that are deliberately malformed.
constexpr int64_t kBadTimestampLine = 101, kRaggedLine = 202, kBadBoolLine = 303;

// Must match the `support_hours` calendar in examples/support/northstar.yaml.
constexpr std::array<const char*, 21> kHolidays = {
    "2024-12-25", "2024-12-26", "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-01", "2025-05-29",
    "2025-06-09", "2025-10-03", "2025-12-25", "2025-12-26", "2026-01-01", "2026-04-03", "2026-04-06",
    "2026-05-01", "2026-05-14", "2026-05-25", "2026-10-03", "2026-12-25", "2026-12-26", "2027-01-01"};
constexpr int kOpenMinute = 8 * 60, kCloseMinute = 18 * 60;

constexpr std::array<const char*, 4> kChannels = {"email", "chat", "phone", "web"};
constexpr std::array<double, 4> kChannelCum = {0.40, 0.70, 0.85, 1.0};
constexpr std::array<double, 4> kChannelMedianMinutes = {18, 6, 4, 22};
constexpr std::array<const char*, 3> kRegions = {"EU", "NA", "APAC"};
constexpr std::array<double, 3> kRegionCum = {0.50, 0.80, 1.0};
constexpr int kApac = 2;
constexpr std::array<const char*, 4> kCategories = {"billing", "technical", "account", "shipping"};
constexpr std::array<double, 4> kCategoryCum = {0.25, 0.60, 0.80, 1.0};
constexpr std::array<double, 4> kCategoryFcr = {0.80, 0.62, 0.78, 0.74};
constexpr std::array<const char*, 3> kPriorities = {"low", "normal", "high"};
constexpr std::array<double, 3> kPriorityCum = {0.30, 0.85, 1.0};
constexpr std::array<double, 7> kWeekdayVolume = {1.25, 1.15, 1.10, 1.05, 0.95, 0.45, 0.35};
constexpr std::array<double, 7> kWeekdaySlowdown = {1.25, 1.0, 1.0, 1.0, 1.1, 1.0, 1.0};
// Quoted in the CSV because they contain the separator.
constexpr std::array<const char*, 12> kAgents = {
    "Berg, Anna",   "Kowalski, Piotr", "Novak, Eva", "Schmidt, Jonas", "Rossi, Marco", "Dubois, Claire",
    "Tanaka, Yuki", "Okafor, Chidi",   "Silva, Ana", "Meyer, Lena",    "Garcia, Luis", "Lindqvist, Sara"};
constexpr std::array<double, 5> kScoreCum = {0.04, 0.09, 0.20, 0.50, 1.0};
constexpr std::array<double, 5> kScoreCumDropped = {0.10, 0.20, 0.40, 0.68, 1.0};
constexpr std::array<double, 5> kScoreCumReopened = {0.15, 0.35, 0.65, 0.85, 1.0};

enum Stream : uint64_t { kDayStream = 1, kLateStream = 2 };

struct Ticket {
  int64_t id = 0;
  int64_t created_utc = 0;
  int64_t reply_utc = -1;     // -1 = no reply yet
  int64_t resolved_utc = -1;  // -1 = open
  int channel = 0, region = 0, category = 0, priority = 0, agent = 0;
  bool spam = false, duplicate = false, reopened = false, first_contact = false;
};

class WorkingHours {
 public:
  WorkingHours() {
    for (const char* h : kHolidays) {
      int64_t d = 0;
      if (ParseDate(h, &d)) holidays_.push_back(d);
    }
  }
  bool IsWorkday(int64_t local_day) const {
    return Weekday(local_day) < 5 && !std::binary_search(holidays_.begin(), holidays_.end(), local_day);
  }
  bool IsHoliday(int64_t local_day) const {
    return std::binary_search(holidays_.begin(), holidays_.end(), local_day);
  }
  // The local instant `work_seconds` of working time after `local` (seconds).
  int64_t AddWorkingTime(int64_t local, int64_t work_seconds) const {
    int64_t t = local;
    for (;;) {
      const int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
      if (IsWorkday(day)) {
        const int64_t open = day * 86400 + kOpenMinute * 60, close = day * 86400 + kCloseMinute * 60;
        if (t < open) t = open;
        if (t < close) {
          if (work_seconds <= close - t) return t + work_seconds;
          work_seconds -= close - t;
        }
      }
      t = (day + 1) * 86400;
    }
  }

 private:
  std::vector<int64_t> holidays_;
};

struct Plan {
  int64_t start_day = 0;
  std::vector<int64_t> per_day;   // tickets created per local day
  std::vector<int64_t> first_id;  // id of the first ticket of each day
};

int WeekOf(const Plan& plan, int64_t day) {
  return static_cast<int>((day - plan.start_day) / 7);
}

Plan MakePlan(const GeneratorOptions& options, const WorkingHours& hours) {
  Plan plan;
  plan.start_day = options.end_day - kHistoryDays + 1;
  plan.start_day -= Weekday(plan.start_day);  // history starts on a Monday
  std::vector<double> weights;
  for (int64_t day = plan.start_day; day <= options.end_day; ++day) {
    double w = kWeekdayVolume[Weekday(day)] * YearlyWave(day, 340, 0.2);
    if (WeekOf(plan, day) >= kStepWeek) w *= 1.25;
    if (hours.IsHoliday(day)) w *= 0.5;
    weights.push_back(w);
  }
  plan.per_day = SplitByWeight(options.rows, weights);
  int64_t next = 1;
  for (int64_t n : plan.per_day) {
    plan.first_id.push_back(next);
    next += n;
  }
  return plan;
}

// Fills every attribute of a ticket created at `created_utc` on local day `day`.
void FillTicket(Ticket& t, int64_t day, int week, const WorkingHours& hours, Random& rng) {
  t.channel = rng.Pick(kChannelCum);
  t.region = rng.Pick(kRegionCum);
  t.category = rng.Pick(kCategoryCum);
  t.priority = rng.Pick(kPriorityCum);
  t.agent = static_cast<int>(rng.Below(kAgents.size()));
  t.spam = rng.Chance(0.03);
  t.duplicate = !t.spam && rng.Chance(0.02);
  const bool gaming = week >= kGamingFirstWeek && week <= kGamingLastWeek;

  double factor = kWeekdaySlowdown[Weekday(day)];
  if (week >= kStepWeek) factor *= 0.85;
  if (week >= kDeviationFirstWeek && week <= kDeviationLastWeek) factor *= 2.5;
  if (gaming) factor *= 0.35;
  if (week >= kMaskingFirstWeek) factor *= t.region == kApac ? 2.2 : 0.7;
  const double minutes = kChannelMedianMinutes[t.channel] * std::exp(0.9 * rng.Normal()) * factor;
  const bool answered = t.spam ? rng.Chance(0.3) : rng.Chance(0.99);
  if (answered) {
    const int64_t created_local = t.created_utc + BerlinOffsetAtUtc(t.created_utc);
    const int64_t reply_local = hours.AddWorkingTime(created_local, std::llround(minutes * 60.0) + 1);
    const int64_t reply_day = reply_local / 86400;
    t.reply_utc = reply_local - BerlinOffsetForLocalDay(reply_day);
    if (rng.Chance(0.97)) t.resolved_utc = t.reply_utc + std::llround(rng.Exponential(6 * 3600.0)) + 60;
  }
  const double reopen = (gaming ? 0.24 : 0.07) + (t.category == 1 ? 0.03 : 0.0);
  t.reopened = t.resolved_utc >= 0 && rng.Chance(reopen);
  t.first_contact =
      !t.reopened && t.resolved_utc >= 0 && rng.Chance(kCategoryFcr[t.category] - (gaming ? 0.22 : 0.0));
}

// All tickets created on local day `day`, in time order.
std::vector<Ticket> TicketsOfDay(const Plan& plan, const GeneratorOptions& options, const WorkingHours& hours,
                                 int64_t day) {
  const size_t index = static_cast<size_t>(day - plan.start_day);
  Random rng = Random::For(options.seed, kDayStream, index);
  std::vector<int64_t> seconds(static_cast<size_t>(plan.per_day[index]));
  const bool weekend = Weekday(day) >= 5;
  for (int64_t& s : seconds) {
    if (!weekend && rng.Chance(0.8)) {
      s = kOpenMinute * 60 + rng.Below((kCloseMinute - kOpenMinute) * 60);
    } else {
      s = rng.Below(86400);
    }
  }
  std::sort(seconds.begin(), seconds.end());
  const int offset = BerlinOffsetForLocalDay(day);
  std::vector<Ticket> tickets(seconds.size());
  for (size_t i = 0; i < seconds.size(); ++i) {
    Ticket& t = tickets[i];
    t.id = plan.first_id[index] + static_cast<int64_t>(i);
    t.created_utc = day * 86400 + seconds[i] - offset;
    FillTicket(t, day, WeekOf(plan, day), hours, rng);
  }
  return tickets;
}

constexpr std::string_view kTicketHeader =
    "ticket_id,created_at,first_reply_at,resolved_at,channel,region,category,agent,is_spam,is_duplicate,"
    "reopened,resolved_first_contact,priority";

char* Copy(char* out, std::string_view s) {
  s.copy(out, s.size());
  return out + s.size();
}

enum class Defect { kNone, kBadTimestamp, kRagged, kBadBool };

void WriteTicket(OutputFile& out, const Ticket& t, Defect defect) {
  char* p = out.Reserve(512);
  p = std::to_chars(p, p + 24, t.id).ptr;
  *p++ = ',';
  if (defect == Defect::kBadTimestamp) {
    p = Copy(p, "2025-13-32T25:61:00+01:00");
  } else {
    p = FormatWithOffset(p, t.created_utc, BerlinOffsetAtUtc(t.created_utc));
  }
  *p++ = ',';
  if (t.reply_utc >= 0) p = FormatUtc(p, t.reply_utc);
  *p++ = ',';
  if (t.resolved_utc >= 0) p = FormatUtc(p, t.resolved_utc);
  *p++ = ',';
  p = Copy(p, kChannels[t.channel]);
  *p++ = ',';
  if (defect == Defect::kRagged) {  // the row ends after four fields
    out.Commit(p - 1);
    out.EndLine();
    return;
  }
  p = Copy(p, kRegions[t.region]);
  *p++ = ',';
  p = Copy(p, kCategories[t.category]);
  *p++ = ',';
  *p++ = '"';
  p = Copy(p, kAgents[t.agent]);
  *p++ = '"';
  *p++ = ',';
  p = Copy(p, defect == Defect::kBadBool ? "maybe" : (t.spam ? "true" : "false"));
  *p++ = ',';
  *p++ = t.duplicate ? '1' : '0';
  *p++ = ',';
  p = Copy(p, t.reopened ? "true" : "false");
  *p++ = ',';
  p = Copy(p, t.first_contact ? "yes" : "no");
  *p++ = ',';
  p = Copy(p, kPriorities[t.priority]);
  out.Commit(p);
  out.EndLine();
}

// Free-text comments of survey answers, by score (1..5): what a customer writes, so
// the qualitative KPIs (theme(), sentiment()) have something to read. The comment is
// picked from the answer's own fields, not drawn from `rng`, so adding it changed no
// other value of the data; every fifth answer has none.
constexpr std::array<std::array<const char*, 3>, 5> kComments = {{
    {"Terrible, I waited days and it is still broken", "Useless answer, nobody read my message",
     "Very rude and slow, I am cancelling"},
    {"Slow reply and the answer was unclear", "I had to explain the problem twice", "Not helpful at all"},
    {"It took a while but it's OK now", "Answer was fine, the wait was long", "Okay"},
    {"Good help, a bit slow at first", "Helpful answer, thanks", "Problem solved"},
    {"Quick and friendly help, thank you!", "Great support, solved on the first try",
     "Excellent, very helpful agent"},
}};
// What a comment adds about the ticket's category (kCategories order).
constexpr std::array<const char*, 4> kCategoryRemarks = {
    " (about my invoice and the refund)", " (the app kept crashing)", " (I was locked out of my account)",
    " (my parcel was late)"};

void WriteComment(char*& p, int64_t response_id, const Ticket& t, int score) {
  if (response_id % 5 == 0) return;
  p = Copy(p, ",\"comment\":\"");
  p = Copy(p, kComments[score - 1][response_id % 3]);
  if (response_id % 2 == 0) p = Copy(p, kCategoryRemarks[t.category]);
  *p++ = '"';
}

void WriteSurveyAnswer(OutputFile& out, int64_t response_id, const Ticket& t, int week, Random& rng) {
  const auto& cum =
      t.reopened ? kScoreCumReopened : (week >= kCsatDropFirstWeek ? kScoreCumDropped : kScoreCum);
  const int score = rng.Pick(cum) + 1;
  const int64_t answered = t.resolved_utc + std::llround(rng.Exponential(20 * 3600.0)) + 60;
  char* p = out.Reserve(512);
  p = Copy(p, "{\"response_id\":");
  p = std::to_chars(p, p + 24, response_id).ptr;
  p = Copy(p, ",\"ticket_id\":");
  p = std::to_chars(p, p + 24, t.id).ptr;
  p = Copy(p, ",\"answered_at\":\"");
  p = FormatUtc(p, answered);
  p = Copy(p, "\",\"channel\":\"");
  p = Copy(p, kChannels[t.channel]);
  p = Copy(p, "\",\"region\":\"");
  p = Copy(p, kRegions[t.region]);
  p = Copy(p, "\",\"category\":\"");
  p = Copy(p, kCategories[t.category]);
  p = Copy(p, "\",\"score\":");
  *p++ = static_cast<char>('0' + score);
  WriteComment(p, response_id, t, score);
  *p++ = '}';
  out.Commit(p);
  out.EndLine();
}

Defect DefectAtLine(int64_t line) {
  if (line == kBadTimestampLine) return Defect::kBadTimestamp;
  if (line == kRaggedLine) return Defect::kRagged;
  if (line == kBadBoolLine) return Defect::kBadBool;
  return Defect::kNone;
}

Status WriteLateBatch(const Plan& plan, const GeneratorOptions& options, const WorkingHours& hours) {
  ASSIGN_OR_RETURN(auto out, OutputFile::Create(options.out_dir + "/tickets_late.csv"));
  out->Put(kTicketHeader);
  out->EndLine();
  const int64_t count = std::max<int64_t>(20, options.rows / 1000);
  // New tickets created in week kLateRowsWeek that arrive only now.
  Random rng = Random::For(options.seed, kLateStream, 0);
  const int64_t late_start = plan.start_day + 7 * kLateRowsWeek;
  for (int64_t i = 0; i < count; ++i) {
    Ticket t;
    t.id = options.rows + 1 + i;
    const int64_t day = late_start + i * 7 / count;
    t.created_utc = day * 86400 + kOpenMinute * 60 + rng.Below(10 * 3600) - BerlinOffsetForLocalDay(day);
    FillTicket(t, day, kLateRowsWeek, hours, rng);
    WriteTicket(*out, t, Defect::kNone);
  }
  // New versions of tickets created in week kEditedWeek: they were reopened after all.
  const size_t first_index = size_t{7} * kEditedWeek;
  const int64_t first_id = plan.first_id[first_index];
  const int64_t last_id = plan.first_id[first_index + 6] + plan.per_day[first_index + 6] - 1;
  std::vector<int64_t> wanted;
  for (int64_t i = 0; i < count; ++i) wanted.push_back(first_id + i * (last_id - first_id + 1) / count);
  for (int day_offset = 0; day_offset < 7; ++day_offset) {
    for (Ticket t : TicketsOfDay(plan, options, hours, plan.start_day + first_index + day_offset)) {
      if (!std::binary_search(wanted.begin(), wanted.end(), t.id)) continue;
      if (t.resolved_utc < 0) t.resolved_utc = t.created_utc + 86400;
      t.reopened = true;
      t.first_contact = false;
      t.resolved_utc += 2 * 86400;
      WriteTicket(*out, t, Defect::kNone);
    }
  }
  return out->Close();
}

}  // namespace

Status GenerateSupport(const GeneratorOptions& options) {
  const WorkingHours hours;
  const Plan plan = MakePlan(options, hours);
  ASSIGN_OR_RETURN(auto tickets_file, OutputFile::Create(options.out_dir + "/tickets.csv"));
  ASSIGN_OR_RETURN(auto survey_file, OutputFile::Create(options.out_dir + "/csat_responses.jsonl"));
  tickets_file->Put(kTicketHeader);
  tickets_file->EndLine();
  int64_t response_id = 0;
  for (int64_t day = plan.start_day; day <= options.end_day; ++day) {
    const int week = WeekOf(plan, day);
    Random survey_rng =
        Random::For(options.seed, kDayStream + 100, static_cast<uint64_t>(day - plan.start_day));
    for (const Ticket& t : TicketsOfDay(plan, options, hours, day)) {
      WriteTicket(*tickets_file, t, DefectAtLine(tickets_file->lines() + 1));
      if (!t.spam && !t.duplicate && t.resolved_utc >= 0 && survey_rng.Chance(0.3)) {
        WriteSurveyAnswer(*survey_file, ++response_id, t, week, survey_rng);
      }
    }
  }
  RETURN_IF_ERROR(tickets_file->Close());
  RETURN_IF_ERROR(survey_file->Close());
  return WriteLateBatch(plan, options, hours);
}

}  // namespace northstar::datagen
