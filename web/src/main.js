// The Northstar dashboard: goal tree -> KPI page (passport, chart with target and
// process limits, the six-weeks-and-twelve-months view, guards and drivers, example
// comments, segment drill-down, signals, restatements, open actions) -> action
// items -> the review; "my KPIs" by owner. A hash router keeps every view linkable.
import { html, render } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { api, loadSession, setShareToken, shareToken, signIn, signOut } from './api.js';
import { SeriesChart } from './chart.js';
import { formatChange, formatValue } from './format.js';
import { Quotes } from './quotes.js';
import { RelatedKpis } from './related.js';
import { Sparkline } from './sparkline.js';
import { Status } from './status.js';
import { listenToServer, useApi } from './use_api.js';
import { WbrView } from './wbr.js';

function useRoute() {
  const [hash, setHash] = useState(location.hash || '#/');
  useEffect(() => {
    const onChange = () => setHash(location.hash || '#/');
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash.slice(1).split('/').filter(Boolean).map(decodeURIComponent);
}

function Failure({ error }) {
  if (error.status === 401 || error.status === 403) return html`<${TokenBox} message=${error.message} />`;
  return html`<p class="error" role="alert">${error.message}</p>`;
}

function TokenBox({ message, initial = '' }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    try {
      await signIn(value.trim());
      if (location.pathname !== '/' || location.hash !== '#/') history.replaceState(null, '', '/#/');
      location.reload();
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="token" onSubmit=${save}>
    <p>${message}</p>
    ${error && html`<p class="error" role="alert">${error.message}</p>`}
    <label>API token <input type="password" value=${value} onInput=${(e) => setValue(e.target.value)}
      placeholder="ns_…" autocomplete="off" /></label>
    <button type="submit">Sign in</button>
    <p class="hint">Create one with <code>northstar token create --role viewer</code>. The browser keeps a
      session (a cookie scripts cannot read), not the token.</p>
  </form>`;
}

// A target in the KPI's unit: "80.0 %", or "70.0 % – 90.0 %" for a range.
function targetText(point, unit) {
  if (point.target_value !== undefined) return formatValue(point.target_value, unit);
  if (point.target_low !== undefined) return `${formatValue(point.target_low, unit)} – ${formatValue(point.target_high, unit)}`;
  return point.target || '';
}

function KpiCard({ kpi, unit }) {
  const trend = kpi.trend || [];
  const change = (other) =>
    kpi.value !== undefined && kpi.value !== null && other && other.value !== null ? kpi.value - other.value : null;
  const delta = change(kpi.previous);
  const yearDelta = change(kpi.year_ago);
  return html`<a class=${`card ${kpi.status}`} href=${`#/kpi/${encodeURIComponent(kpi.kpi)}`}>
    <div class="card-head"><span class="name">${kpi.name || kpi.kpi}</span><${Status} status=${kpi.status} /></div>
    <div class="card-value">${formatValue(kpi.value, unit)}
      <span class="change" title=${kpi.previous ? `vs ${kpi.previous.period}` : ''}>${formatChange(delta, unit)}</span></div>
    ${yearDelta !== null && html`<div class="card-meta">${formatChange(yearDelta, unit)} vs ${kpi.year_ago.period}</div>`}
    <div class="card-meta">${kpi.period || ''}${targetText(kpi, unit) ? ` · target ${targetText(kpi, unit)}` : ''}</div>
    <${Sparkline} values=${trend} />
    ${kpi.in_progress &&
    html`<div class="card-meta">${kpi.in_progress.period} so far ${formatValue(kpi.in_progress.value, unit)}
      ${kpi.in_progress.pace !== null ? ` · pace ${formatValue(kpi.in_progress.pace, unit)}` : ''}</div>`}
    ${kpi.forecast &&
    html`<div class="card-meta forecast" title=${`80 % interval, ${kpi.forecast.model} trend over ${kpi.forecast.periods_used} periods`}>
      by ${kpi.forecast.deadline_period} ${formatValue(kpi.forecast.projected, unit)}
      (${formatValue(kpi.forecast.interval_80[0], unit)} – ${formatValue(kpi.forecast.interval_80[1], unit)})${
        kpi.forecast.probability_on_target !== null ? ` · ${Math.round(kpi.forecast.probability_on_target * 100)} % on target` : ''}</div>`}
    ${kpi.signals && html`<div class="signals">${kpi.signals.replaceAll(';', ' · ')}</div>`}
  </a>`;
}

// A 0..1 score as a percentage, or "n/a" (no scored part: never shown as 0).
const scoreText = (score) => (score === null || score === undefined ? 'n/a' : `${Math.round(score * 100)} %`);

// OKRs (SPEC §10): each objective's score against what counts as success, and its key results.
function Objectives() {
  const status = useApi('/status');
  const objectives = status.data?.objectives || [];
  if (!objectives.length) return null;
  return html`<section class="objectives"><h2>Objectives</h2>
    ${objectives.map((o) => html`<div class="objective">
      <h3>${o.statement || o.id} <span class=${`score ${o.met ? 'met' : ''}`}>${scoreText(o.score)}</span>
        <span class="goal-meta">${o.type} · ${o.expected * 100} % expected${o.owner ? ` · ${o.owner}` : ''}</span></h3>
      <ul>${o.key_results.map((k) => html`<li><span class="score">${scoreText(k.score)}</span>
        ${k.description || k.kpi}${k.kpi ? html` <a href=${`#/kpi/${encodeURIComponent(k.kpi)}`}>${k.kpi}</a>` : ''}
        ${k.note ? html` <span class="goal-meta">${k.note}</span>` : ''}</li>`)}</ul>
    </div>`)}
  </section>`;
}

// Goals nested by parent; each with the KPIs it is measured by and a roll-up status
// (the worst status of its KPIs and sub-goals).
function GoalTree({ owner }) {
  const goals = useApi(owner ? `/goals?owner=${encodeURIComponent(owner)}` : '/goals');
  const kpis = useApi('/kpis');
  if (goals.error) return html`<${Failure} error=${goals.error} />`;
  if (!goals.data || !kpis.data) return html`<p class="loading">Loading…</p>`;
  const units = Object.fromEntries(kpis.data.map((k) => [k.id, k.unit]));
  const byParent = {};
  for (const g of goals.data) (byParent[g.parent || ''] ||= []).push(g);
  const known = new Set(goals.data.map((g) => g.goal));
  const roots = goals.data.filter((g) => !g.parent || !known.has(g.parent));
  const rank = { off_track: 3, watch: 2, on_track: 1 };
  const rollup = (g) => {
    let worst = 'on_track';
    const all = [...g.kpis.map((k) => k.status), ...(byParent[g.goal] || []).map(rollup)];
    for (const s of all) if ((rank[s] || 0) > (rank[worst] || 0)) worst = s;
    return all.length ? worst : 'no_data';
  };
  const Goal = ({ goal, depth }) => html`<section class="goal" style=${`--depth:${depth}`}>
    <h2><${Status} status=${rollup(goal)} /> ${goal.statement || goal.goal}
      <span class="score" title="goal score: closeness of its KPIs and sub-goals to their targets">${scoreText(goal.score)}</span></h2>
    <p class="goal-meta">${goal.level ? `${goal.level} · ` : ''}${goal.owner || ''}${goal.deadline ? ` · by ${goal.deadline}` : ''}</p>
    <div class="cards">${goal.kpis.map((k) => html`<${KpiCard} kpi=${k} unit=${units[k.kpi]} />`)}</div>
    ${(byParent[goal.goal] || []).map((c) => html`<${Goal} goal=${c} depth=${depth + 1} />`)}
  </section>`;
  return html`<div>${roots.map((g) => html`<${Goal} goal=${g} depth=${0} />`)}
    ${!owner && html`<${Objectives} />`}</div>`;
}

// `shared`: opened by a share link, read-only: no actions, no annotation form, no links
// to other KPIs (the link opens this one only).
function KpiPage({ id, shared = false }) {
  const [grain, setGrain] = useState('');
  const [segment, setSegment] = useState('*');
  const passport = useApi(`/kpis/${encodeURIComponent(id)}`);
  const query = new URLSearchParams();
  if (grain) query.set('grain', grain);
  if (segment !== '*') query.set('segment', segment);
  const [version, setVersion] = useState(0);
  const series = useApi(`/kpis/${encodeURIComponent(id)}/values${query.size ? `?${query}` : ''}`, version);
  const actions = useApi(shared ? null : '/actions');
  if (passport.error) return html`<${Failure} error=${passport.error} />`;
  if (!passport.data) return html`<p class="loading">Loading…</p>`;
  const p = passport.data;
  const shown = series.data?.series?.[0];
  const points = shown?.points || [];
  const open = (actions.data || []).filter((a) => a.kpi === id && a.status === 'open');
  // Free text behind the value: its example comments are shown (not on share links).
  const qualitative = p.type.nature === 'qualitative' || /\b(theme|sentiment)\s*\(/.test(p.formula);
  return html`<article class="kpi">
    <h1>${p.name || p.id} ${p.latest && html`<${Status} status=${p.latest.status} />`}</h1>
    <dl class="passport">
      <dt>Goal</dt><dd>${p.goal || '–'}</dd>
      <dt>Owner</dt><dd>${p.owner || '–'}</dd>
      <dt>Formula</dt><dd><code>${p.formula}</code>${p.filter ? html` where <code>${p.filter}</code>` : ''}</dd>
      <dt>Source</dt><dd>${p.source}</dd>
      <dt>Frequency</dt><dd>${p.frequency}</dd>
      <dt>Type</dt><dd>${[p.type.horizon, p.type.timing, p.type.nature].filter(Boolean).join(', ') || '–'}</dd>
      <dt>Direction</dt><dd>${(p.direction || '–').replaceAll('_', ' ')}</dd>
      ${p.constraints && html`<dt>Constraints</dt><dd>${p.constraints}</dd>`}
      ${p.guards.length > 0 && html`<dt>Guards</dt><dd>${p.guards.map((g) => (shared ? `${g} ` : html`<a href=${`#/kpi/${g}`}>${g}</a> `))}</dd>`}
      ${p.drivers.length > 0 && html`<dt>Drivers</dt><dd>${p.drivers.map((g) => (shared ? `${g} ` : html`<a href=${`#/kpi/${g}`}>${g}</a> `))}</dd>`}
      ${p.on_deviation.length > 0 &&
      html`<dt>On deviation</dt><dd>${p.on_deviation.map((a) => html`<div>${a.do} (${a.who})</div>`)}</dd>`}
    </dl>
    <div class="controls">
      <label>Grain <select value=${grain} onChange=${(e) => setGrain(e.target.value)}>
        <option value="">review grain</option>
        ${['day', 'week', 'month', 'quarter', 'year'].map((g) => html`<option value=${g}>${g}</option>`)}
      </select></label>
      <label>Segment <select value=${segment} onChange=${(e) => setSegment(e.target.value)} aria-label="segment">
        ${(series.data?.segments || ['*']).map((s) => html`<option value=${s}>${s === '*' ? 'all (*)' : s}</option>`)}
      </select></label>
    </div>
    ${series.error && html`<${Failure} error=${series.error} />`}
    ${shown && html`<${SeriesChart} points=${points} unit=${p.unit} annotations=${series.data?.annotations || []}
      restated=${[...new Set((series.data?.restatements || []).filter((r) => r.segment === shown.segment).map((r) => r.period))]} />`}
    <${WbrView} id=${id} segment=${segment} unit=${p.unit} frequency=${p.frequency} />
    ${!shared && html`<${RelatedKpis} title="Guards" ids=${p.guards} grain=${series.data?.grain} segment=${segment} />
      <${RelatedKpis} title="Drivers" ids=${p.drivers} grain=${series.data?.grain} segment=${segment} />`}
    ${!shared && qualitative && html`<${Quotes} id=${id} grain=${grain} segment=${segment} />`}
    <h2>Annotations</h2>
    <${Annotations} kpi=${id} items=${series.data?.annotations || []} readOnly=${shared} onChange=${() => setVersion(version + 1)} />
    <h2>Periods</h2>
    <table class="periods">
      <thead><tr><th>period</th><th>value</th><th>target</th><th>status</th><th>limits</th><th>signals</th></tr></thead>
      <tbody>${points.slice(-16).reverse().map((pt) => html`<tr>
        <td>${pt.period}</td><td class="num">${formatValue(pt.value, p.unit)}</td><td>${targetText(pt, p.unit)}</td>
        <td><${Status} status=${pt.status} /></td>
        <td>${pt.limits ? `${formatValue(pt.limits.lower, p.unit)} – ${formatValue(pt.limits.upper, p.unit)}` : ''}</td>
        <td>${pt.signals}</td></tr>`)}</tbody>
    </table>
    ${series.data?.restatements?.length > 0 && html`<h2>Restatements</h2><ul>
      ${series.data.restatements.map((r) => html`<li>${r.period} ${r.segment}: ${formatValue(r.old_value, p.unit)} → ${formatValue(r.new_value, p.unit)} (${r.reason})</li>`)}
    </ul>`}
    ${!shared && html`<h2>Open actions</h2>
    ${open.length === 0 ? html`<p>None.</p>` : html`<${ActionList} items=${open} />`}`}
  </article>`;
}

function Annotations({ kpi, items, readOnly = false, onChange }) {
  const [period, setPeriod] = useState('');
  const [text, setText] = useState('');
  const [change, setChange] = useState(false);
  const [editing, setEditing] = useState(null);  // the annotation being edited
  const [error, setError] = useState(null);
  const run = async (request) => {
    try {
      setError(null);
      await request();
      onChange();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const reset = () => {
    setText('');
    setPeriod('');
    setChange(false);
    setEditing(null);
  };
  const edit = (a) => {
    setEditing(a);
    setPeriod(a.from === a.to ? a.from : `${a.from}..${a.to}`);
    setText(a.text);
    setChange(a.process_change);
  };
  const save = async (e) => {
    e.preventDefault();
    const body = { kpi: editing ? editing.kpi : kpi, period, text, process_change: change };
    const ok = await run(() => (editing
      ? api(`/annotations/${editing.id}`, { method: 'PUT', body })
      : api('/annotations', { method: 'POST', body })));
    if (ok) reset();
  };
  return html`<div>
    ${error && html`<${Failure} error=${error} />`}
    <ul class="annotations">${items.map((a) => html`<li>
      <strong>${a.from}${a.to !== a.from ? `..${a.to}` : ''}</strong> ${a.kpi === '*' ? '(all KPIs) ' : ''}${a.text}
      ${a.process_change && html`<span class="status">process change</span>`}
      ${!readOnly && html`<button class="link" aria-label=${`edit annotation ${a.id}`} onClick=${() => edit(a)}>edit</button>
        <button class="link" aria-label=${`delete annotation ${a.id}`} onClick=${() => run(() => api(`/annotations/${a.id}`, { method: 'DELETE' }))}>delete</button>`}
    </li>`)}</ul>
    ${!readOnly && html`<form class="act annotate" onSubmit=${save}>
      <input aria-label="annotation period" placeholder="2026-W10 or 2026-W10..2026-W12" value=${period} onInput=${(e) => setPeriod(e.target.value)} />
      <input aria-label="annotation text" placeholder="what happened" value=${text} onInput=${(e) => setText(e.target.value)} />
      <label><input type="checkbox" checked=${change} onChange=${(e) => setChange(e.target.checked)} /> process change</label>
      <button type="submit" disabled=${!period || !text}>${editing ? `Save annotation ${editing.id}` : 'Add annotation'}</button>
      ${editing && html`<button type="button" onClick=${reset}>Cancel</button>`}
    </form>`}
  </div>`;
}

function ActionList({ items, onChange }) {
  const [text, setText] = useState({});
  const [error, setError] = useState(null);
  const post = async (id, what) => {
    try {
      setError(null);
      await api(`/actions/${id}/${what}`, { method: 'POST', body: what === 'notes' ? { text: text[id] || '' } : {} });
      setText({ ...text, [id]: '' });
      onChange?.();
    } catch (e) {
      setError(e);
    }
  };
  return html`<div>${error && html`<${Failure} error=${error} />`}<ul class="actions">${items.map((a) => html`<li>
    <div><strong>#${a.id}</strong> ${a.what} <span class="who">(${a.who}, due ${a.due})</span> — ${a.kpi} ${a.segment} ${a.period}: ${a.rules}
      <span class=${`item-status ${a.status}`}>${a.status}${a.verdict ? `: ${a.verdict}` : ''}</span></div>
    ${a.notes.map((n) => html`<div class="note">${n.at}: ${n.text}</div>`)}
    ${a.status === 'open' && html`<div class="act">
      <input aria-label=${`note for action ${a.id}`} value=${text[a.id] || ''} onInput=${(e) => setText({ ...text, [a.id]: e.target.value })} placeholder="note" />
      <button onClick=${() => post(a.id, 'notes')} disabled=${!text[a.id]}>Add note</button>
      <button onClick=${() => post(a.id, 'close')}>Close</button></div>`}
  </li>`)}</ul></div>`;
}

function ActionsPage() {
  const [version, setVersion] = useState(0);
  const items = useApi('/actions', version);
  if (items.error) return html`<${Failure} error=${items.error} />`;
  if (!items.data) return html`<p class="loading">Loading…</p>`;
  const refresh = () => setVersion(version + 1);
  const open = items.data.filter((a) => a.status === 'open');
  const done = items.data.filter((a) => a.status !== 'open').reverse();  // newest first
  return html`<div><h1>Action items</h1>
    <h2>Open (${open.length})</h2>
    ${open.length === 0 ? html`<p>No open action items.</p>` : html`<${ActionList} items=${open} onChange=${refresh} />`}
    <h2>Judged and closed (${done.length})</h2>
    ${done.length > 0 && html`<${ActionList} items=${done} onChange=${refresh} />`}
  </div>`;
}

// "My KPIs": the signed-in token's owner (`token create --owner`) unless another is chosen.
function MinePage({ signedInOwner }) {
  const [owner, setOwner] = useState(localStorage.getItem('northstar.owner') || signedInOwner || '');
  const [shown, setShown] = useState(owner);
  const submit = (e) => {
    e.preventDefault();
    localStorage.setItem('northstar.owner', owner);
    setShown(owner);
  };
  return html`<div><form class="owner" onSubmit=${submit}>
      <label>Owner <input value=${owner} onInput=${(e) => setOwner(e.target.value)} /></label>
      <button type="submit">Show</button></form>
    ${shown ? html`<${GoalTree} owner=${shown} />` : html`<p>Enter your name as the catalog gives it for KPI owners.</p>`}
  </div>`;
}

// The review is a self-contained HTML page (inline CSS and SVG, no scripts), shown in
// a sandboxed frame; it is fetched with the token, which a frame's own request lacks.
function ReviewPage({ period }) {
  const review = useApi(`/reviews/${encodeURIComponent(period)}`);
  if (review.error) return html`<${Failure} error=${review.error} />`;
  if (!review.data) return html`<p class="loading">Loading…</p>`;
  return html`<iframe class="review" title=${`review of ${review.data.period}`} sandbox="" srcdoc=${review.data.html}></iframe>`;
}

// What a share link opens, alone: one KPI or one review, read-only.
function SharedApp() {
  const [page, arg] = useRoute();
  let body = html`<p>This link opens one KPI or one review only.</p>`;
  if (page === 'kpi' && arg) body = html`<${KpiPage} id=${arg} shared=${true} />`;
  else if (page === 'review' && arg) body = html`<${ReviewPage} period=${arg} />`;
  return html`<header><span class="brand">Northstar</span><span class="shared">shared, read-only</span></header><main>${body}</main>`;
}

function App({ session }) {
  const route = useRoute();
  const [page, arg] = route;
  let body;
  // Keyed by KPI: another KPI's page starts at its own review grain and the whole.
  if (page === 'kpi' && arg) body = html`<${KpiPage} key=${arg} id=${arg} />`;
  else if (page === 'actions') body = html`<${ActionsPage} />`;
  else if (page === 'mine') body = html`<${MinePage} signedInOwner=${session?.owner} />`;
  else if (page === 'review') body = html`<${ReviewPage} period=${arg || 'latest'} />`;
  else body = html`<${GoalTree} />`;
  return html`<header><a class="brand" href="#/">Northstar</a>
      <nav><a href="#/">Goals</a><a href="#/mine">My KPIs</a><a href="#/actions">Actions</a><a href="#/review">Review</a></nav>
      ${session && html`<button class="signout" onClick=${() => signOut().finally(() => location.reload())}>Sign out</button>`}
    </header><main>${body}</main>`;
}

// A link may carry a token in its fragment (`/#token=ns_…`, printed by `make demo`): the
// fragment never reaches the server or its logs. It is dropped from the address bar and
// waits in the sign-in form: signing in takes a click, so a link from another site
// cannot silently sign this browser in as someone else (login CSRF).
async function start() {
  localStorage.removeItem('northstar.token');  // kept there by earlier versions
  const root = document.getElementById('app');
  if (location.hash.startsWith('#token=')) {
    const given = decodeURIComponent(location.hash.slice('#token='.length));
    history.replaceState(null, '', '/#/');
    render(html`<main><${TokenBox} initial=${given}
      message="This link carries a token: sign in with it to open the dashboard (the browser keeps a session, not the token)." /></main>`, root);
    return;
  }
  // A share link (`/#share=TOKEN&kpi=ID` or `&review=PERIOD`, printed by `northstar share`)
  // opens its one KPI or review with its own token, for this tab only.
  if (location.hash.startsWith('#share=')) {
    const link = new URLSearchParams(location.hash.slice(1));
    setShareToken(link.get('share') || '');
    const kpi = link.get('kpi');
    history.replaceState(null, '', kpi ? `/#/kpi/${encodeURIComponent(kpi)}` : `/#/review/${encodeURIComponent(link.get('review') || '')}`);
  }
  if (shareToken() !== '') {
    render(html`<${SharedApp} />`, root);
    return;
  }
  const session = await loadSession().catch(() => null);
  if (session) listenToServer();
  render(html`<${App} session=${session} />`, root);
}

start();
