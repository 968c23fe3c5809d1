// The API client. A browser signs in once with a token (POST /api/v1/session): the
// server keeps the session in an HttpOnly cookie no script can read, so the token itself
// is never stored here, and every write carries the session's CSRF token (held in this
// page's memory only). An error answer becomes an Error carrying the API's stable code.
let csrf = '';

// A share link's token (`/#share=…`, printed by `northstar share`): kept for this tab
// only and sent as a header instead of the session. It opens one KPI or one review.
const SHARE_KEY = 'northstar.share';

export function shareToken() {
  return sessionStorage.getItem(SHARE_KEY) || '';
}

export function setShareToken(value) {
  if (value) sessionStorage.setItem(SHARE_KEY, value);
  else sessionStorage.removeItem(SHARE_KEY);
}

export async function api(path, options = {}) {
  const method = options.method || 'GET';
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  if (shareToken()) headers.Authorization = `Bearer ${shareToken()}`;
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
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

// Signs this browser in with a token; the session lasts until it expires or signOut.
export async function signIn(token) {
  const session = await api('/session', { method: 'POST', body: { token }, headers: { 'X-CSRF-Token': 'new' } });
  csrf = session.csrf_token;
  return session;
}

// The session this browser holds ({role, expires_at, …}), or null when it holds none.
export async function loadSession() {
  try {
    const session = await api('/session');
    csrf = session.csrf_token || '';
    return session;
  } catch (error) {
    if (error.status === 401) return null;
    throw error;
  }
}

export async function signOut() {
  await api('/session', { method: 'DELETE' });
  csrf = '';
}

// Server-sent events (GET /api/v1/events), read with fetch (the session's cookie goes
// with it). Calls onEvent(name, data) for each event; after the stream ends it
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
        const response = await fetch(`/api/v1/events?after=${after}`, {
          headers, credentials: 'same-origin', signal: controller.signal,
        });
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
