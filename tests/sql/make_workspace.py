"""Writes a small Northstar workspace for the SQL engine parity test: clean CSVs (UTC
ISO 8601 timestamps, true/false booleans, empty = null) and a catalog that uses every
formula feature `northstar sql` compiles. Usage: make_workspace.py DIR SEED ZONE [TICKETS]
(TICKETS, default 3000, is for benchmarks: bench/sql_bench.sh)"""
import os
import random
import sys

out, seed, zone = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tickets = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
rng = random.Random(seed)
os.makedirs(os.path.join(out, "data"), exist_ok=True)
os.makedirs(os.path.join(out, "catalog"), exist_ok=True)

DAY = 86400
start = 1769904000  # 2026-02-01T00:00:00Z: covers both DST changes in Europe and the US
def iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))

def maybe(value, p_null):
    return "" if rng.random() < p_null else value

with open(os.path.join(out, "data", "tickets.csv"), "w") as f:
    f.write("id,created_at,first_reply_at,channel,region,is_spam,csat,amount,agent\n")
    for i in range(1, tickets + 1):
        day = rng.randrange(0, 75)
        if 40 <= day < 49:
            day += 9  # an empty ISO week
        t = start + day * DAY + rng.randrange(0, DAY)
        reply = "" if rng.random() < 0.15 else iso(t + rng.randrange(0, 3 * DAY))
        channel = "fax" if i == 7 else maybe(rng.choice(["email", "chat", "phone", "web, form"]), 0.08)
        if channel and "," in channel:
            channel = '"' + channel + '"'
        region = maybe(rng.choice(["north", "south", "it's"]), 0.1)
        f.write(",".join([str(i), iso(t), reply, channel, region, maybe(rng.choice(["true", "false", "false"]), 0.05),
                          maybe(str(rng.randint(1, 5)), 0.2), maybe("%.2f" % (rng.randrange(0, 100000) / 100), 0.1),
                          str(rng.randint(1, 40))]) + "\n")

with open(os.path.join(out, "data", "spend.csv"), "w") as f:
    f.write("id,day,channel,cost\n")
    for i in range(1, 161):
        t = start + rng.randrange(0, 80) * DAY + 12 * 3600
        f.write("%d,%s,%s,%s\n" % (i, iso(t), rng.choice(["email", "chat", "phone"]), maybe("%.2f" % rng.uniform(1, 500), 0.1)))

with open(os.path.join(out, "data", "survey.csv"), "w") as f:
    f.write("id,score,channel\n")
    for i in range(1, 61):
        f.write("%d,%s,%s\n" % (i, maybe(str(rng.randint(0, 10)), 0.2), rng.choice(["email", "chat", "phone"])))

with open(os.path.join(out, "northstar.yaml"), "w") as f:
    f.write("""workspace: sql-parity
timezone: %s
calendars:
  office:
    hours: {mon-fri: "08:00-12:00, 13:00-18:00"}
    holidays: [2026-03-27, 2026-04-03]
  night:
    timezone: America/Santiago
    hours: {mon-sun: "00:00-06:00"}
sources:
  tickets:
    from: csv:data/tickets.csv
    key: id
    time: created_at
    columns: {id: int, created_at: timestamp, first_reply_at: timestamp, channel: string,
              region: string, is_spam: bool, csat: int, amount: float, agent: int}
  spend:
    from: csv:data/spend.csv
    key: id
    time: day
    columns: {id: int, day: timestamp, channel: string, cost: float}
  survey:
    from: csv:data/survey.csv
    key: id
    columns: {id: int, score: int, channel: string}
""" % zone)

METRICS = [
    ("n_tickets", "tickets", "daily", "channel", "", "count()"),
    ("good_csat", "tickets", "weekly", "region", "not is_spam", "count(csat >= 4)"),
    ("csat_avg", "tickets", "monthly", "channel, region", "", "avg(csat where region <> 'it''s')"),
    ("amount_p90", "tickets", "weekly", "region", "not is_spam", "percentile(amount, 0.9) + median(csat)"),
    ("fast_share", "tickets", "weekly", "channel", "",
     "share(minutes_between(created_at, first_reply_at) <= 600 where channel <> 'phone')"),
    ("agents", "tickets", "weekly", "channel", "", "count_distinct(agent)"),
    ("cost_per_ticket", "tickets", "weekly", "channel", "", "sum(spend.cost) / count()"),
    ("mixed", "tickets", "weekly", "channel", "", "cost_per_ticket * good_csat + agents"),
    ("growth_w", "tickets", "weekly", "region", "", "growth(count())"),
    ("rolling", "tickets", "daily", "", "", "rolling_avg(count(), 7) - prev(count(), 2)"),
    ("parts", "tickets", "monthly", "", "",
     "count(hour(created_at) < 12) * 10000 + count(weekday(created_at) >= 6) * 100 + count(day(created_at) = 29)"),
    ("survey_mix", "tickets", "monthly", "channel", "", "avg(survey.score) * count()"),
    ("backlog", "tickets", "weekly", "channel", "",
     "count(created_at < period.end and (first_reply_at is null or first_reply_at >= period.end))"),
    ("replied_in_period", "tickets", "monthly", "", "", "count(first_reply_at in period) + count(date(created_at) >= '2026-03-29')"),
    ("office_share", "tickets", "weekly", "channel", "",
     "share(minutes_between(created_at, first_reply_at, office) <= 240)"),
    ("night_hours", "tickets", "monthly", "", "",
     "avg(hours_between(created_at, first_reply_at, night)) + avg(days_between(created_at, first_reply_at, office))"),
    ("hours", "tickets", "quarterly", "", "first_reply_at is not null",
     "avg(hours_between(created_at, first_reply_at)) + sum(days_between(created_at, first_reply_at)) + count(is_spam)"),
]
with open(os.path.join(out, "catalog", "metrics.yaml"), "w") as f:
    f.write("metrics:\n")
    for mid, source, freq, segments, filt, formula in METRICS:
        f.write("  - id: %s\n    name: %s\n    source: %s\n    frequency: %s\n" % (mid, mid, source, freq))
        if segments:
            f.write("    segments: [%s]\n" % segments)
        if filt:
            f.write("    filter: |-\n      %s\n" % filt)
        f.write("    formula: |-\n      %s\n" % formula)
