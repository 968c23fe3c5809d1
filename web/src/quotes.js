// What people said (SPEC §10): beside a qualitative value, the comments its themes and
// sentiment read — the latest of those a theme share counts, the lowest and highest
// scores of an average — from the explanation of the latest complete period.
import { html } from 'htm/preact';
import { useApi } from './use_api.js';

const TITLE = { matching: 'Comments where', lowest: 'Lowest', highest: 'Highest' };

export function Quotes({ id, grain, segment }) {
  const query = new URLSearchParams();
  if (grain) query.set('grain', grain);
  if (segment !== '*') query.set('segment', segment);
  const explained = useApi(`/kpis/${encodeURIComponent(id)}/explain?${query}`);
  const sets = explained.data?.quotes || [];
  if (explained.error) return html`<p class="error">${explained.error.message}</p>`;
  if (!explained.data || (sets.length === 0 && !explained.data.quotes_error)) return null;
  return html`<section class="quotes"><h2>What people said in ${explained.data.period}</h2>
    ${explained.data.quotes_error && html`<p class="error">${explained.data.quotes_error}</p>`}
    ${sets.map((q) => html`<div class="quote-set">
      <h3>${TITLE[q.kind]} <code>${q.expression}</code> <span class="hint">${q.rows} ${q.rows === 1 ? 'row' : 'rows'}</span></h3>
      <ul>${q.quotes.map((c) => html`<li><q>${c.text}</q>
        ${c.score !== null ? html` <span class="score">${c.score >= 0 ? '+' : ''}${c.score.toFixed(2)}</span>` : ''}
        ${c.time && html` <span class="hint">${c.time.slice(0, 16).replace('T', ' ')}</span>`}</li>`)}</ul>
    </div>`)}
  </section>`;
}
