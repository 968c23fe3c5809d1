import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatValue } from './format.js';

// The KPI chart: values, the target (a line, or the plan's path), the process-limit
// band (lower..upper filled) with its center, points with a signal marked, and restated
// values ringed.
// Annotated periods are shaded (a range from its first to its last period on the chart);
// a process change is drawn as a solid line where the new baseline starts.
function annotationHook(labels, annotations) {
  return (u) => {
    const { ctx } = u;
    for (const a of annotations) {
      const from = labels.indexOf(a.from);
      const to = labels.indexOf(a.to);
      if (from < 0 && to < 0) continue;
      const x0 = u.valToPos(from < 0 ? 0 : from, 'x', true);
      const x1 = u.valToPos(to < 0 ? labels.length - 1 : to, 'x', true);
      ctx.save();
      ctx.fillStyle = a.process_change ? 'rgba(138,92,246,0.10)' : 'rgba(178,106,0,0.10)';
      ctx.fillRect(x0 - 3, u.bbox.top, Math.max(x1 - x0, 0) + 6, u.bbox.height);
      if (a.process_change) {
        ctx.strokeStyle = '#8a5cf6';
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x0, u.bbox.top);
        ctx.lineTo(x0, u.bbox.top + u.bbox.height);
        ctx.stroke();
      }
      ctx.restore();
    }
  };
}

// Restated values (a later compute changed them) get a ring around their point.
function restatementHook(labels, values, restated) {
  return (u) => {
    const { ctx } = u;
    ctx.save();
    ctx.strokeStyle = '#b26a00';
    ctx.lineWidth = 2;
    for (const period of restated) {
      const i = labels.indexOf(period);
      if (i < 0 || values[i] === null || values[i] === undefined) continue;
      ctx.beginPath();
      ctx.arc(u.valToPos(i, 'x', true), u.valToPos(values[i], 'y', true), 8, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  };
}

export function SeriesChart({ points, unit, annotations = [], restated = [] }) {
  const ref = useRef(null);
  useEffect(() => {
    if (!ref.current || points.length === 0) return undefined;
    const xs = points.map((_, i) => i);
    const value = points.map((p) => p.value);
    const target = points.map((p) => (p.target_value ?? null));
    const lower = points.map((p) => p.limits?.lower ?? null);
    const upper = points.map((p) => p.limits?.upper ?? null);
    const center = points.map((p) => p.limits?.center ?? null);
    const signal = points.map((p) => (p.signals ? p.value : null));
    const labels = points.map((p) => p.period);
    const width = Math.max(ref.current.clientWidth, 280);
    const plot = new uPlot(
      {
        width,
        height: 260,
        scales: { x: { time: false } },
        axes: [
          { space: 80, values: (_, ticks) => ticks.map((t) => labels[t] ?? '') },
          { values: (_, ticks) => ticks.map((t) => formatValue(t, unit)), size: 70 },
        ],
        series: [
          { label: 'period', value: (_, i) => labels[i] ?? '' },
          { label: 'upper limit', stroke: '#9bb7d4', dash: [4, 4], points: { show: false }, value: (_, v) => formatValue(v, unit) },
          { label: 'lower limit', stroke: '#9bb7d4', dash: [4, 4], points: { show: false }, value: (_, v) => formatValue(v, unit) },
          { label: 'center', stroke: '#c5d3e0', points: { show: false }, value: (_, v) => formatValue(v, unit) },
          { label: 'target', stroke: '#8a5cf6', width: 2, dash: [8, 4], points: { show: false }, value: (_, v) => formatValue(v, unit) },
          { label: 'value', stroke: '#1f4e79', width: 2, points: { show: true }, value: (_, v) => formatValue(v, unit) },
          {
            label: 'signal',
            stroke: '#c62828',
            width: 0,
            points: { show: true, size: 10, fill: '#c62828' },
            paths: () => null,
            value: (_, v) => (v === null ? '' : 'yes'),
          },
        ],
        bands: [{ series: [1, 2], fill: 'rgba(155,183,212,0.18)' }],
        hooks: { draw: [annotationHook(labels, annotations), restatementHook(labels, value, restated)] },
      },
      [xs, upper, lower, center, target, value, signal],
      ref.current,
    );
    return () => plot.destroy();
  }, [points, unit, annotations, restated.join(' ')]);  // by content: the list is rebuilt on every render
  return html`<div class="chart" ref=${ref} role="img" aria-label="chart of the KPI's values"></div>
    ${restated.length > 0 && html`<p class="hint restated-note">Ringed: ${restated.length} restated value${restated.length === 1 ? '' : 's'} (listed under Restatements).</p>`}`;
}
