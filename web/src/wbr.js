// The Weekly Business Review view: the last six complete weeks and the last twelve
// complete months side by side, each beside the same period a year before, as a chart
// (this year solid, prior year dashed) and a table with the year-over-year change.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatChange, formatValue } from './format.js';
import { useApi } from './use_api.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "2026-W40" -> "2025-W40", "2026-10" -> "2025-10".
const yearBefore = (label) => `${Number(label.slice(0, 4)) - 1}${label.slice(4)}`;
const shortLabel = (label) => (label.includes('-W') ? label.slice(5) : `${MONTHS[Number(label.slice(5, 7)) - 1]} ${label.slice(2, 4)}`);

// The last `n` complete periods of a values answer, each with the value a year before.
function lastWithPriorYear(answer, n) {
  const points = answer?.series?.[0]?.points || [];
  const byLabel = new Map(points.map((p) => [p.period, p.value]));
  return points
    .filter((p) => p.status !== 'in_progress')
    .slice(-n)
    .map((p) => ({ period: p.period, value: p.value, prior: byLabel.get(yearBefore(p.period)) ?? null }));
}

function yearOverYear(row, unit) {
  if (row.value === null || row.prior === null) return '';
  const u = (unit || '').toLowerCase();
  if (u === 'ratio' || u === 'share' || row.prior === 0) return formatChange(row.value - row.prior, unit);
  const change = (row.value / row.prior - 1) * 100;
  return `${change > 0 ? '+' : change < 0 ? '−' : '±'}${Math.abs(change).toFixed(1)} %`;
}

function WbrChart({ rows, unit }) {
  const ref = useRef(null);
  useEffect(() => {
    if (!ref.current || rows.length === 0) return undefined;
    const labels = rows.map((r) => (r ? shortLabel(r.period) : ''));
    const plot = new uPlot(
      {
        width: Math.max(ref.current.clientWidth, 280),
        height: 200,
        scales: { x: { time: false } },
        axes: [
          { space: 40, values: (_, ticks) => ticks.map((t) => labels[t] ?? '') },
          { values: (_, ticks) => ticks.map((t) => formatValue(t, unit)), size: 70 },
        ],
        series: [
          { label: 'period', value: (_, i) => labels[i] ?? '' },
          { label: 'this year', stroke: '#1f4e79', width: 2, value: (_, v) => formatValue(v, unit) },
          { label: 'prior year', stroke: '#8c96a3', width: 1.5, dash: [5, 4], value: (_, v) => formatValue(v, unit) },
        ],
      },
      [rows.map((_, i) => i), rows.map((r) => r?.value ?? null), rows.map((r) => r?.prior ?? null)],
      ref.current,
    );
    return () => plot.destroy();
  }, [rows, unit]);
  return html`<div class="chart" ref=${ref} role="img" aria-label="six weeks and twelve months, this year and the year before"></div>`;
}

export function WbrView({ id, segment, unit, frequency }) {
  const path = (grain) => {
    const query = new URLSearchParams({ grain });
    if (segment !== '*') query.set('segment', segment);
    return `/kpis/${encodeURIComponent(id)}/values?${query}`;
  };
  // A KPI has values at its frequency and coarser grains only.
  const weekly = frequency === 'day' || frequency === 'week';
  const weeks = useApi(weekly ? path('week') : null);
  const months = useApi(weekly || frequency === 'month' ? path('month') : null);
  if (!weekly && frequency !== 'month') return null;
  if (weeks.error || months.error) return html`<p class="error">${(weeks.error || months.error).message}</p>`;
  if ((weekly && !weeks.data) || !months.data) return null;
  const w = weekly ? lastWithPriorYear(weeks.data, 6) : [];
  const m = lastWithPriorYear(months.data, 12);
  const rows = [...w, ...(w.length ? [null] : []), ...m];  // null: the gap between weeks and months
  const shown = rows.filter(Boolean);
  return html`<section class="wbr"><h2>${weekly ? 'Six weeks and twelve months' : 'Twelve months'} <span class="hint">vs the year before</span></h2>
    <${WbrChart} rows=${rows} unit=${unit} />
    <div class="scroll"><table class="wbr-table">
      <thead><tr><th></th>${shown.map((r) => html`<th>${shortLabel(r.period)}</th>`)}</tr></thead>
      <tbody>
        <tr><th>this year</th>${shown.map((r) => html`<td class="num">${formatValue(r.value, unit)}</td>`)}</tr>
        <tr><th>prior year</th>${shown.map((r) => html`<td class="num">${formatValue(r.prior, unit)}</td>`)}</tr>
        <tr><th>change</th>${shown.map((r) => html`<td class="num">${yearOverYear(r, unit)}</td>`)}</tr>
      </tbody>
    </table></div>
  </section>`;
}
