import { html } from 'htm/preact';

// A small inline SVG line of the last values; nulls leave gaps.
export function Sparkline({ values, width = 120, height = 28 }) {
  const points = values.map((v, i) => [i, v]).filter(([, v]) => v !== null && v !== undefined);
  if (points.length < 2) return html`<svg class="spark" width=${width} height=${height} aria-hidden="true"></svg>`;
  const ys = points.map(([, v]) => v);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const x = (i) => (i / Math.max(values.length - 1, 1)) * (width - 4) + 2;
  const y = (v) => (hi === lo ? height / 2 : height - 3 - ((v - lo) / (hi - lo)) * (height - 6));
  const d = points.map(([i, v], k) => `${k ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
  const [li, lv] = points[points.length - 1];
  return html`<svg class="spark" width=${width} height=${height} aria-hidden="true">
    <path d=${d} fill="none" stroke="currentColor" stroke-width="1.5" />
    <circle cx=${x(li)} cy=${y(lv)} r="2.5" fill="currentColor" />
  </svg>`;
}
