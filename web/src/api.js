// The API client: every call sends the token kept in this browser (if any) and turns
// an error answer into an Error carrying the API's stable code.
const TOKEN_KEY = 'northstar.token';

export function token() {
  return localStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) localStorage.setItem(TOKEN_KEY, value);
  else localStorage.removeItem(TOKEN_KEY);
}

// A share link's token (`/#share=…`, printed by `northstar share`): kept for this tab
// only, and used instead of the browser's own token. It opens one KPI or one review.
const SHARE_KEY = 'northstar.share';

export function shareToken() {
  return sessionStorage.getItem(SHARE_KEY) || '';
}

export function setShareToken(value) {
  if (value) sessionStorage.setItem(SHARE_KEY, value);
  else sessionStorage.removeItem(SHARE_KEY);
}

export async function api(path, options = {}) {
  const headers = { Accept: 'application/json' };
  const bearer = shareToken() || token();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method: options.method || 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body?.error?.message || `HTTP ${response.status}`);
    error.code = body?.error?.code || 'http_error';
    error.status = response.status;
    throw error;
  }
  return body;
}

// Server-sent events (GET /api/v1/events), read with fetch because EventSource cannot
// send the token. Calls onEvent(name, data) for each event; after the stream ends it
// reconnects after the server's `retry` delay, asking only for events after the last
// id seen. Stops for good on 401/403 (no token, or one without the role). Returns a
// function that stops listening.
export function watchEvents(onEvent) {
  let after = 0;
  let stopped = false;
  let controller = null;
  const handle = (frame) => {
    const fields = {};
    for (const line of frame.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const key = colon < 0 ? line : line.slice(0, colon);
      fields[key] = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    }
    if (fields.id) after = Number(fields.id) || after;
    if (fields.event) onEvent(fields.event, fields.data ? JSON.parse(fields.data) : null);
    return Number(fields.retry) || 0;
  };
  (async () => {
    let retry = 5000;
    while (!stopped) {
      try {
        controller = new AbortController();
        const headers = { Accept: 'text/event-stream' };
        if (token()) headers.Authorization = `Bearer ${token()}`;
        const response = await fetch(`/api/v1/events?after=${after}`, { headers, signal: controller.signal });
        if (response.status === 401 || response.status === 403) return;
        if (response.ok) {
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              retry = handle(buffer.slice(0, end)) || retry;
              buffer = buffer.slice(end + 2);
            }
          }
        }
      } catch {
        if (stopped) return;
      }
      await new Promise((resolve) => setTimeout(resolve, retry));
    }
  })();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
