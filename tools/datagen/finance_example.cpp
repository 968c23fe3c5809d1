// The finance example: general-ledger entries (CSV) and bank transactions (JSONL).
// Planted effects (docs/examples.md, "finance"), weeks counted from the first day (a
// Monday), week 0..103:
//   - postings on business days (weekends x0.1), month-end closing spike (last two
//     business days x2.5), yearly wave peaking late November
//   - step change at week 57: revenue amounts x1.08 (price increase)
//   - deviation weeks 80-83: opex amounts x1.6 (one-off costs), margin recovers after
//   - collections slump weeks 88-91: customer receipts x0.8 while margin stays normal
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "civil_time.h"
#include "example.h"
#include "output_file.h"
#include "random.h"

namespace northstar::datagen {
namespace {

constexpr int kPriceStepWeek = 57;
constexpr int kOpexSpikeFirstWeek = 80, kOpexSpikeLastWeek = 83;
constexpr int kCollectionsFirstWeek = 88, kCollectionsLastWeek = 91;

constexpr std::array<const char*, 5> kTypes = {"revenue", "cogs", "opex", "tax", "interest"};
constexpr std::array<double, 5> kTypeCum = {0.40, 0.65, 0.93, 0.96, 1.0};
constexpr std::array<double, 5> kTypeMean = {1000, 720, 450, 400, 150};
constexpr std::array<std::array<const char*, 2>, 5> kAccounts = {
    {{"4000 Product sales", "4100 Services"},
     {"5000 Materials", "5100 Hosting"},
     {"6000 Salaries", "6200 Rent"},
     {"7000 Income tax", "7000 Income tax"},
     {"7500 Loan interest", "7500 Loan interest"}}};
constexpr std::array<const char*, 3> kUnits = {"hardware", "software", "services"};
constexpr std::array<double, 3> kUnitCum = {0.35, 0.80, 1.0};
constexpr std::array<const char*, 3> kRegions = {"EU", "NA", "APAC"};
constexpr std::array<double, 3> kRegionCum = {0.50, 0.85, 1.0};

enum Stream : uint64_t { kLedgerStream = 21, kBankStream = 22 };

bool IsMonthEndClose(int64_t day) {
  // The last two business days of the month.
  int business_days_after = 0;
  const int month = CivilFromDays(day).month;
  for (int64_t d = day + 1; CivilFromDays(d).month == month; ++d) business_days_after += Weekday(d) < 5;
  return Weekday(day) < 5 && business_days_after < 2;
}

}  // namespace

Status GenerateFinance(const GeneratorOptions& options) {
  int64_t start_day = options.end_day - kHistoryDays + 1;
  start_day -= Weekday(start_day);
  const int64_t days = options.end_day - start_day + 1;
  std::vector<double> weights;
  for (int64_t d = 0; d < days; ++d) {
    const int64_t day = start_day + d;
    double w = (Weekday(day) < 5 ? 1.0 : 0.1) * YearlyWave(day, 330, 0.15);
    if (IsMonthEndClose(day)) w *= 2.5;
    weights.push_back(w);
  }
  const std::vector<int64_t> ledger_per_day = SplitByWeight(options.rows, weights);
  const std::vector<int64_t> bank_per_day = SplitByWeight(options.rows / 2, weights);

  ASSIGN_OR_RETURN(auto ledger, OutputFile::Create(options.out_dir + "/ledger.csv"));
  ASSIGN_OR_RETURN(auto bank, OutputFile::Create(options.out_dir + "/bank_transactions.jsonl"));
  ledger->Put("entry_id,posted_at,account,account_type,business_unit,region,amount");
  ledger->EndLine();
  int64_t entry_id = 0, txn_id = 0;
  for (int64_t d = 0; d < days; ++d) {
    const int64_t day = start_day + d;
    const int week = static_cast<int>(d / 7);
    const int offset = BerlinOffsetForLocalDay(day);
    Random rng = Random::For(options.seed, kLedgerStream, static_cast<uint64_t>(d));
    std::vector<int64_t> seconds(static_cast<size_t>(ledger_per_day[d]));
    for (int64_t& s : seconds) s = 7 * 3600 + rng.Below(12 * 3600);
    std::sort(seconds.begin(), seconds.end());
    for (int64_t s : seconds) {
      const int type = rng.Pick(kTypeCum);
      double amount = kTypeMean[type] * std::exp(0.5 * rng.Normal() - 0.125);
      if (type == 0 && week >= kPriceStepWeek) amount *= 1.08;
      if (type == 2 && week >= kOpexSpikeFirstWeek && week <= kOpexSpikeLastWeek) amount *= 1.6;
      ledger->PutInt(++entry_id);
      ledger->Put(',');
      char* p = ledger->Reserve(32);
      ledger->Commit(FormatWithOffset(p, day * 86400 + s - offset, offset));
      ledger->Put(',');
      ledger->Put(kAccounts[type][rng.Below(2)]);
      ledger->Put(',');
      ledger->Put(kTypes[type]);
      ledger->Put(',');
      ledger->Put(kUnits[rng.Pick(kUnitCum)]);
      ledger->Put(',');
      ledger->Put(kRegions[rng.Pick(kRegionCum)]);
      ledger->Put(',');
      ledger->PutFixed(amount, 2);
      ledger->EndLine();
    }

    // Bank: customer receipts and supplier/payroll/tax payments are operating cash;
    // equipment is investing; loan repayments are financing.
    Random bank_rng = Random::For(options.seed, kBankStream, static_cast<uint64_t>(d));
    const bool slump = week >= kCollectionsFirstWeek && week <= kCollectionsLastWeek;
    for (int64_t i = 0; i < bank_per_day[d]; ++i) {
      const double u = bank_rng.Uniform();
      const char* activity = "operating";
      const char* counterparty = "customer";
      double amount = 0;
      if (u < 0.45) {
        amount = 1800 * std::exp(0.5 * bank_rng.Normal() - 0.125) * (slump ? 0.8 : 1.0);
      } else if (u < 0.75) {
        counterparty = "supplier";
        amount = -1500 * std::exp(0.5 * bank_rng.Normal() - 0.125);
      } else if (u < 0.90) {
        counterparty = "employee";
        amount = -1000 * std::exp(0.3 * bank_rng.Normal() - 0.045);
      } else if (u < 0.94) {
        counterparty = "tax_office";
        amount = -600 * std::exp(0.3 * bank_rng.Normal() - 0.045);
      } else if (u < 0.98) {
        activity = "investing";
        counterparty = "supplier";
        amount = -2500 * std::exp(0.6 * bank_rng.Normal() - 0.18);
      } else {
        activity = "financing";
        counterparty = "bank";
        amount = -3000;
      }
      bank->Put("{\"txn_id\":");
      bank->PutInt(++txn_id);
      bank->Put(",\"booked_at\":\"");
      char* p = bank->Reserve(32);
      bank->Commit(FormatUtc(p, day * 86400 + 6 * 3600 + bank_rng.Below(12 * 3600)));
      bank->Put("\",\"activity\":\"");
      bank->Put(activity);
      bank->Put("\",\"counterparty\":\"");
      bank->Put(counterparty);
      bank->Put("\",\"business_unit\":\"");
      bank->Put(kUnits[bank_rng.Pick(kUnitCum)]);
      bank->Put("\",\"amount\":");
      bank->PutFixed(amount, 2);
      bank->Put('}');
      bank->EndLine();
    }
  }
  RETURN_IF_ERROR(ledger->Close());
  return bank->Close();
}

}  // namespace northstar::datagen
