// The SaaS example: web visits, leads, customers, marketing spend (CSV), subscriptions
// (JSONL) and an NPS survey without a time column. Planted effects (docs/examples.md,
// "saas"), weeks counted from the first day (a Monday), week 0..103:
//   - weekday profile (weekend visits lower), yearly wave peaking early March,
//     steady growth of traffic and of the active-user pool (+50 % over two years)
//   - step change at week 40: paid_search campaign, visits x1.3 and paid_search share
//     25 % -> 35 %
//   - customers acquired through paid_search from week 60 on churn three times as fast
//     (lifetime mean 8 instead of 24 months): cheap growth that the churn guard catches
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
constexpr int kFastChurnFromWeek = 60;
constexpr double kDaysPerMonth = 30.44;

constexpr std::array<const char*, 5> kChannels = {"organic", "paid_search", "social", "referral", "email"};
constexpr std::array<double, 5> kChannelCum = {0.35, 0.60, 0.75, 0.85, 1.0};
constexpr std::array<double, 5> kChannelCumAfterStep = {0.30, 0.65, 0.78, 0.87, 1.0};
constexpr int kPaidSearch = 1;
constexpr std::array<double, 5> kSignupRate = {0.05, 0.035, 0.025, 0.08, 0.06};
constexpr std::array<double, 5> kCostPerVisit = {0, 24, 15, 8, 3};
constexpr std::array<const char*, 3> kDevices = {"desktop", "mobile", "tablet"};
constexpr std::array<double, 3> kDeviceCum = {0.55, 0.95, 1.0};
constexpr std::array<const char*, 3> kRegions = {"EU", "NA", "APAC"};
constexpr std::array<double, 3> kRegionCum = {0.45, 0.85, 1.0};
constexpr std::array<const char*, 3> kSizes = {"smb", "mid", "enterprise"};
constexpr std::array<double, 3> kSizeCum = {0.70, 0.95, 1.0};
constexpr std::array<double, 3> kDealValue = {1800, 6000, 24000};  // annual contract value
constexpr std::array<double, 3> kCycleDays = {20, 45, 90};
constexpr std::array<const char*, 3> kPlans = {"starter", "pro", "enterprise"};
constexpr std::array<double, 7> kWeekdayVolume = {1.10, 1.15, 1.10, 1.05, 0.95, 0.80, 0.85};

enum Stream : uint64_t { kVisitStream = 11, kSpendStream = 12, kSurveyStream = 13, kCustomerStream = 14 };

struct Customer {
  int64_t started = 0, ended = -1;  // UTC seconds; -1 = still a customer
  int channel = 0, size = 0, region = 0;
  double mrr = 0;
};

char* Copy(char* out, std::string_view s) {
  s.copy(out, s.size());
  return out + s.size();
}

void PutUtc(OutputFile& out, int64_t utc) {
  char* p = out.Reserve(32);
  out.Commit(FormatUtc(p, utc));
}

}  // namespace

Status GenerateSaas(const GeneratorOptions& options) {
  int64_t start_day = options.end_day - kHistoryDays + 1;
  start_day -= Weekday(start_day);
  const int64_t days = options.end_day - start_day + 1;
  const int64_t end_utc = (options.end_day + 1) * 86400;
  std::vector<double> weights;
  for (int64_t d = 0; d < days; ++d) {
    double w = kWeekdayVolume[Weekday(start_day + d)] * YearlyWave(start_day + d, 60, 0.15) *
               (1.0 + 0.5 * static_cast<double>(d) / static_cast<double>(days));
    if (d / 7 >= kStepWeek) w *= 1.3;
    weights.push_back(w);
  }
  const std::vector<int64_t> per_day = SplitByWeight(options.rows, weights);
  const double base_pool = std::max(50.0, static_cast<double>(options.rows) / 60.0);

  ASSIGN_OR_RETURN(auto visits, OutputFile::Create(options.out_dir + "/visits.csv"));
  ASSIGN_OR_RETURN(auto leads, OutputFile::Create(options.out_dir + "/leads.csv"));
  ASSIGN_OR_RETURN(auto spend, OutputFile::Create(options.out_dir + "/spend.csv"));
  visits->Put("visit_id,visited_at,user_id,channel,device,region,visitor_type,signed_up");
  visits->EndLine();
  leads->Put("lead_id,created_at,channel,company_size,region,opportunity,deal_value,won,closed_at");
  leads->EndLine();
  spend->Put("spend_id,spent_at,channel,amount");
  spend->EndLine();

  std::vector<Customer> customers;
  int64_t visit_id = 0, lead_id = 0, spend_id = 0;
  for (int64_t d = 0; d < days; ++d) {
    const int64_t day = start_day + d;
    const int week = static_cast<int>(d / 7);
    Random rng = Random::For(options.seed, kVisitStream, static_cast<uint64_t>(d));
    std::vector<int64_t> seconds(static_cast<size_t>(per_day[d]));
    for (int64_t& s : seconds) s = rng.Below(86400);
    std::sort(seconds.begin(), seconds.end());
    const auto pool =
        static_cast<int64_t>(base_pool * (1.0 + 0.5 * static_cast<double>(d) / static_cast<double>(days)));
    std::array<int64_t, 5> channel_visits{};
    for (int64_t s : seconds) {
      const int64_t at = day * 86400 + s;
      const int channel = week >= kStepWeek ? rng.Pick(kChannelCumAfterStep) : rng.Pick(kChannelCum);
      ++channel_visits[channel];
      const bool returning = rng.Chance(0.3);
      const bool signed_up = rng.Chance(kSignupRate[channel] * (returning ? 1.5 : 1.0));
      const int region = rng.Pick(kRegionCum);
      char* p = visits->Reserve(256);
      p = std::to_chars(p, p + 24, ++visit_id).ptr;
      *p++ = ',';
      p = FormatUtc(p, at);
      *p++ = ',';
      p = std::to_chars(p, p + 24, 1 + rng.Below(pool)).ptr;
      *p++ = ',';
      p = Copy(p, kChannels[channel]);
      *p++ = ',';
      p = Copy(p, kDevices[rng.Pick(kDeviceCum)]);
      *p++ = ',';
      p = Copy(p, kRegions[region]);
      *p++ = ',';
      p = Copy(p, returning ? "returning" : "new");
      *p++ = ',';
      p = Copy(p, signed_up ? "true" : "false");
      visits->Commit(p);
      visits->EndLine();
      if (!signed_up) continue;

      // The signup becomes a lead; some leads become opportunities, some of those are won.
      const int size = rng.Pick(kSizeCum);
      const bool opportunity = rng.Chance(0.5);
      const double deal = kDealValue[size] * std::exp(0.3 * rng.Normal());
      int64_t closed = -1;
      bool won = false;
      if (opportunity && rng.Chance(0.8)) {
        closed = at + std::llround((3.0 + rng.Exponential(kCycleDays[size])) * 86400.0);
        if (closed >= end_utc) {
          closed = -1;  // still open at the end of the history
        } else {
          won = rng.Chance(0.5);
        }
      }
      leads->PutInt(++lead_id);
      leads->Put(',');
      PutUtc(*leads, at);
      leads->Put(',');
      leads->Put(kChannels[channel]);
      leads->Put(',');
      leads->Put(kSizes[size]);
      leads->Put(',');
      leads->Put(kRegions[region]);
      leads->Put(opportunity ? ",true," : ",false,");
      if (opportunity) leads->PutFixed(deal, 2);
      leads->Put(won ? ",true," : ",false,");
      if (closed >= 0) PutUtc(*leads, closed);
      leads->EndLine();
      if (!won) continue;
      Customer c;
      c.started = closed;
      c.channel = channel;
      c.size = size;
      c.region = region;
      c.mrr = std::round(deal / 12.0 * 100.0) / 100.0;
      const bool fast_churn = channel == kPaidSearch && week >= kFastChurnFromWeek;
      const double lifetime_days = rng.Exponential((fast_churn ? 8.0 : 24.0) * kDaysPerMonth);
      c.ended = c.started + std::llround(lifetime_days * 86400.0);
      if (c.ended >= end_utc) c.ended = -1;
      customers.push_back(c);
    }
    // Paid channels are billed per day, in proportion to the visits they brought.
    Random spend_rng = Random::For(options.seed, kSpendStream, static_cast<uint64_t>(d));
    for (int ch = 1; ch < 5; ++ch) {
      const double amount =
          static_cast<double>(channel_visits[ch]) * kCostPerVisit[ch] * (0.9 + 0.2 * spend_rng.Uniform());
      spend->PutInt(++spend_id);
      spend->Put(',');
      PutUtc(*spend, day * 86400);
      spend->Put(',');
      spend->Put(kChannels[ch]);
      spend->Put(',');
      spend->PutFixed(amount, 2);
      spend->EndLine();
    }
  }
  RETURN_IF_ERROR(visits->Close());
  RETURN_IF_ERROR(leads->Close());
  RETURN_IF_ERROR(spend->Close());

  std::stable_sort(customers.begin(), customers.end(),
                   [](const Customer& a, const Customer& b) { return a.started < b.started; });
  ASSIGN_OR_RETURN(auto customer_file, OutputFile::Create(options.out_dir + "/customers.csv"));
  ASSIGN_OR_RETURN(auto subscriptions, OutputFile::Create(options.out_dir + "/subscriptions.jsonl"));
  customer_file->Put("customer_id,started_at,ended_at,channel,company_size,region,plan");
  customer_file->EndLine();
  for (size_t i = 0; i < customers.size(); ++i) {
    const Customer& c = customers[i];
    const auto id = static_cast<int64_t>(i + 1);
    customer_file->PutInt(id);
    customer_file->Put(',');
    PutUtc(*customer_file, c.started);
    customer_file->Put(',');
    if (c.ended >= 0) PutUtc(*customer_file, c.ended);
    customer_file->Put(',');
    customer_file->Put(kChannels[c.channel]);
    customer_file->Put(',');
    customer_file->Put(kSizes[c.size]);
    customer_file->Put(',');
    customer_file->Put(kRegions[c.region]);
    customer_file->Put(',');
    customer_file->Put(kPlans[c.size]);
    customer_file->EndLine();

    subscriptions->Put("{\"subscription_id\":");
    subscriptions->PutInt(id);
    subscriptions->Put(",\"customer_id\":");
    subscriptions->PutInt(id);
    subscriptions->Put(",\"plan\":\"");
    subscriptions->Put(kPlans[c.size]);
    subscriptions->Put("\",\"region\":\"");
    subscriptions->Put(kRegions[c.region]);
    subscriptions->Put("\",\"mrr\":");
    subscriptions->PutFixed(c.mrr, 2);
    subscriptions->Put(",\"started_at\":\"");
    PutUtc(*subscriptions, c.started);
    if (c.ended >= 0) {
      subscriptions->Put("\",\"ended_at\":\"");
      PutUtc(*subscriptions, c.ended);
      subscriptions->Put("\"}");
    } else {
      subscriptions->Put("\",\"ended_at\":null}");
    }
    subscriptions->EndLine();
  }
  RETURN_IF_ERROR(customer_file->Close());
  RETURN_IF_ERROR(subscriptions->Close());

  // NPS survey: a snapshot table with US-style local times and "NA" for skipped scores.
  ASSIGN_OR_RETURN(auto survey, OutputFile::Create(options.out_dir + "/survey.csv"));
  survey->Put("respondent,answered,plan,score");
  survey->EndLine();
  Random rng = Random::For(options.seed, kSurveyStream, 0);
  const int64_t respondents = std::max<int64_t>(200, options.rows / 100);
  for (int64_t i = 0; i < respondents; ++i) {
    const int64_t day = options.end_day - 89 + rng.Below(90);
    const int64_t minute = 8 * 60 + rng.Below(12 * 60);
    const CivilDate c = CivilFromDays(day);
    char buf[64];
    const long long respondent = i + 1;
    const int hour = static_cast<int>(minute / 60), minute_of_hour = static_cast<int>(minute % 60);
    const int n = std::snprintf(buf, sizeof buf, "R%06lld,%02d/%02d/%04d %02d:%02d,", respondent, c.month,
                                c.day, c.year, hour, minute_of_hour);
    survey->Put(std::string_view(buf, static_cast<size_t>(n)));
    survey->Put(kPlans[rng.Pick(kSizeCum)]);
    survey->Put(',');
    const double u = rng.Uniform();
    if (u < 0.03) {
      survey->Put("NA");
    } else {
      // 20 % detractors (0-6), 35 % passives (7-8), 45 % promoters (9-10).
      const double v = rng.Uniform();
      const int64_t score = v < 0.20 ? rng.Below(7) : (v < 0.55 ? 7 + rng.Below(2) : 9 + rng.Below(2));
      survey->PutInt(score);
    }
    survey->EndLine();
  }
  return survey->Close();
}

}  // namespace northstar::datagen
