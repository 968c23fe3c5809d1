// The workload family: one support workload (tickets; spam and duplicates excluded; counts,
// averages, shares, a percentile and distinct counts per period and segment) in variants
// that each change one thing from the base, so a ratio that drops points at its cause.
// Each variant is written twice from the same description: as a Northstar catalog (KPI ids
// prefixed with the variant's id) and as the SQL a DuckDB expert would write for it
// (date_trunc on plain UTC timestamps, GROUPING SETS, FILTER, quantile_cont).

// The base: UTC, string agent, bool flags, ISO weeks, two segment dimensions, holistic
// aggregates included.
const BASE = {
  zone: 'UTC', agentColumn: 'agent', flags: 'bool', grain: 'week',
  segments: ['channel', 'region'], holistic: true, customers: false,
};

export const VARIANTS = [
  { id: 'base', about: 'UTC, string agent, bool flags, week, 2 dimensions' },
  { id: 'zone', about: 'Europe/Berlin (DST) instead of UTC', zone: 'Europe/Berlin' },
  { id: 'int_ids', about: 'distinct agents over an integer id', agentColumn: 'agent_id' },
  { id: 'int_flags', about: 'integer 0/1 flags in the filter', flags: 'int' },
  { id: 'day', about: 'day grain', grain: 'day' },
  { id: 'month', about: 'month grain', grain: 'month' },
  { id: 'seg1', about: '1 segment dimension', segments: ['channel'] },
  { id: 'seg6', about: '6 segment dimensions',
    segments: ['channel', 'region', 'category', 'priority', 'queue', 'agent'] },
  { id: 'no_holistic', about: 'no percentile, no distinct count', holistic: false },
  { id: 'customers', about: 'distinct customers (integer, ~N/4 values)', customers: true },
  { id: 'held_out', about: 'UTC, integer ids and flags, week, 2 dimensions',
    agentColumn: 'agent_id', flags: 'int' },
].map((v) => ({ ...BASE, ...v }));

export const ZONES = [...new Set(VARIANTS.map((v) => v.zone))];

// The KPIs of a variant: id, Northstar formula, DuckDB aggregate (over the row CTE `t`),
// and whether the value is a count (compared exactly).
function kpis(v) {
  const list = [
    { id: 'ticket_count', formula: 'count()', sql: 'count(*)', exact: true },
    { id: 'avg_first_response_minutes', formula: 'avg(minutes_between(created_at, first_reply_at))',
      sql: 'avg(minutes)' },
    { id: 'first_response_30m',
      formula: 'share(minutes_between(created_at, first_reply_at) <= 30 where first_reply_at is not null)',
      sql: 'count(*) FILTER (WHERE minutes <= 30) / nullif(count(minutes), 0)' },
    { id: 'reopen_rate', formula: 'share(reopened where resolved_at is not null)',
      sql: 'count(*) FILTER (WHERE reopened AND resolved_at IS NOT NULL) / nullif(count(resolved_at), 0)' },
  ];
  if (v.holistic) {
    list.push(
      { id: 'first_response_p80', formula: 'percentile(minutes_between(created_at, first_reply_at), 0.8)',
        sql: 'quantile_cont(minutes, 0.8)' },
      { id: 'distinct_agents', formula: `count_distinct(${v.agentColumn})`,
        sql: `count(DISTINCT ${v.agentColumn})`, exact: true });
  }
  if (v.customers) {
    list.push({ id: 'distinct_customers', formula: 'count_distinct(customer_id)',
      sql: 'count(DISTINCT customer_id)', exact: true });
  }
  return list;
}

export const kpiId = (v, k) => `${v.id}__${k.id}`;
export const isExact = (kpi) => /__(ticket_count|distinct_agents|distinct_customers)$/.test(kpi);

const FREQUENCY = { day: 'daily', week: 'weekly', month: 'monthly' };

// The workspace file of one zone's workspace: the family table as its one source.
export function workspaceYaml(zone, csvPath) {
  return `# Workload family (bench/family.sh): every variant of one zone shares this workspace.
workspace: family-${zone.replace('/', '-').toLowerCase()}
timezone: ${zone}
allowed_paths: [${csvPath.slice(0, csvPath.lastIndexOf('/'))}]
sources:
  tickets:
    from: csv:${csvPath}
    key: ticket_id
    time: created_at
    columns:
      ticket_id: int
      created_at: timestamp
      first_reply_at: timestamp
      resolved_at: timestamp
      channel: string
      region: string
      category: string
      priority: string
      queue: string
      agent: string
      agent_id: int
      customer_id: int
      is_spam: bool
      is_duplicate: bool
      spam_flag: int
      dup_flag: int
      reopened: bool
`;
}

// The catalog of one zone's workspace: the measures of every variant in that zone, as
// metrics (a measurement workload: no targets, owners or actions to judge).
export function catalogYaml(zone) {
  let out = 'metrics:\n';
  for (const v of VARIANTS.filter((x) => x.zone === zone)) {
    const filter = v.flags === 'bool' ? 'not is_spam and not is_duplicate' : 'spam_flag = 0 and dup_flag = 0';
    for (const k of kpis(v)) {
      out += `  - id: ${kpiId(v, k)}
    name: ${k.id} (${v.about})
    source: tickets
    filter: ${filter}
    formula: ${k.formula}
    frequency: ${FREQUENCY[v.grain]}
    segments: [${v.segments.join(', ')}]
`;
    }
  }
  return out;
}

export const kpiIds = (v) => kpis(v).map((k) => kpiId(v, k));

// DuckDB's query for a variant, over table `tickets` (timestamps as plain UTC TIMESTAMP).
// Returns the truncated period start, a grouping id and the segment columns; labels are
// made after the timed part, as a client would.
export function duckdbSql(v) {
  const local = (c) => (v.zone === 'UTC' ? c : `timezone('${v.zone}', timezone('UTC', ${c}))`);
  const unit = v.grain === 'week' ? 'week' : v.grain;
  const where = v.flags === 'bool' ? 'NOT is_spam AND NOT is_duplicate' : 'spam_flag = 0 AND dup_flag = 0';
  const need = new Set(v.segments);
  const cols = ['reopened', 'resolved_at', v.agentColumn];
  if (v.customers) cols.push('customer_id');
  const seg = v.segments.join(', ');
  const sets = ['(period)', ...v.segments.map((s) => `(period, ${s})`)].join(', ');
  return `WITH t AS (
  SELECT date_trunc('${unit}', ${local('created_at')}) AS period, ${[...need].join(', ')},
         ${[...new Set(cols)].filter((c) => !need.has(c)).join(', ')},
         (epoch(first_reply_at) - epoch(created_at)) / 60.0 AS minutes
  FROM tickets
  WHERE ${where})
SELECT period, grouping(${seg}) AS gid, ${seg},
       ${kpis(v).map((k) => `${k.sql} AS "${kpiId(v, k)}"`).join(',\n       ')}
FROM t
GROUP BY GROUPING SETS (${sets})`;
}
