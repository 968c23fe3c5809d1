// Guards and drivers beside a KPI (seeds: a KPI is read with the metrics that keep it
// honest and the ones that explain it): each at the page's grain and segment, with its
// latest value, status and a sparkline of its recent periods.
import { html } from 'htm/preact';
import { formatChange, formatValue } from './format.js';
import { Sparkline } from './sparkline.js';
import { Status } from './status.js';
import { useApi } from './use_api.js';

function RelatedKpi({ id, grain, segment, linked }) {
  // By dimension: the whole and every segment of it, so a KPI without this segment (or
  // without the dimension) still shows its whole instead of failing.
  const dimension = segment === '*' ? '' : segment.split('=')[0];
  const query = new URLSearchParams({ grain });
  if (dimension) query.set('segment', dimension);
  const values = useApi(`/kpis/${encodeURIComponent(id)}/values?${query}`);
  const all = values.data?.series || [];
  const shown = all.find((s) => s.segment === segment) || all.find((s) => s.segment === '*');
  const points = (shown?.points || []).filter((p) => p.status !== 'in_progress').slice(-16);
  const last = points[points.length - 1];
  const before = points[points.length - 2];
  const unit = values.data?.unit;
  const delta = last && before && last.value !== null && before.value !== null ? last.value - before.value : null;
  return html`<li class="related-kpi">
    <span class="name">${linked ? html`<a href=${`#/kpi/${encodeURIComponent(id)}`}>${id}</a>` : id}
      ${shown && shown.segment !== segment ? html` <span class="hint">(all)</span>` : ''}</span>
    ${values.error ? html`<span class="hint">${values.error.message}</span>`
      : !values.data ? html`<span class="hint">loading…</span>`
      : last ? html`<span class="num">${formatValue(last.value, unit)} <span class="change">${formatChange(delta, unit)}</span></span>
        <${Status} status=${last.status} /><${Sparkline} values=${points.map((p) => p.value)} />
        <span class="hint">${last.period}${last.signals ? ` · ${last.signals.replaceAll(';', ' · ')}` : ''}</span>`
      : html`<span class="hint">no values</span>`}
  </li>`;
}

export function RelatedKpis({ title, ids, grain, segment, linked = true }) {
  if (!ids.length || !grain) return null;
  return html`<section class="related"><h2>${title}</h2><ul>
    ${ids.map((id) => html`<${RelatedKpi} id=${id} grain=${grain} segment=${segment} linked=${linked} />`)}
  </ul></section>`;
}
