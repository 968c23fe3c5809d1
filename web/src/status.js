import { html } from 'htm/preact';
import { STATUS_LABEL } from './format.js';

// A status as a coloured badge ("on track", "off track", …).
export function Status({ status }) {
  return html`<span class=${`status ${status}`}>${STATUS_LABEL[status] || status}</span>`;
}
