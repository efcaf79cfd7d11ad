// Shared helpers of the LiveShop pages: plain ES modules, no build, no third-party code.

export const $ = (selector, root = document) => root.querySelector(selector);

/** Creates an element: h('button', {class: 'x', onclick: f}, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function money(minor, currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
  } catch {
    return (minor / 100).toFixed(2) + ' ' + currency;
  }
}

/** "1:05" for 65 seconds. */
export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

/** Tokens live in sessionStorage, per page kind ('viewer' or 'studio'). */
export const tokens = {
  get(kind) {
    try { return JSON.parse(sessionStorage.getItem('liveshop.token.' + kind)); } catch { return null; }
  },
  set(kind, value) { sessionStorage.setItem('liveshop.token.' + kind, JSON.stringify(value)); },
  clear(kind) { sessionStorage.removeItem('liveshop.token.' + kind); },
};

/** Asks the development issuer for a token (dev, test and loadtest only: 404 elsewhere). */
export async function devToken(subject, roles) {
  const answer = await api('/api/dev/tokens', { method: 'POST', body: { subject, roles } });
  return { subject: answer.subject, token: answer.token, expiresAt: answer.expiresAt };
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, { method = 'GET', body, token, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (token) init.headers.Authorization = 'Bearer ' + token;
  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/**
 * A stream socket that reconnects by itself and resumes with since/epoch (docs/PROTOCOL.md). onStatus gets
 * 'online' or 'offline'; onFrame every JSON frame.
 */
export class LiveSocket {
  constructor(path, { token, onFrame, onStatus }) {
    this.path = path;
    this.token = token;
    this.onFrame = onFrame;
    this.onStatus = onStatus;
    this.seq = null;
    this.epoch = null;
    this.retry = 0;
    this.stopped = false;
  }

  connect() {
    const params = new URLSearchParams();
    if (this.token) params.set('access_token', this.token);
    if (this.seq !== null && this.epoch) {
      params.set('since', this.seq);
      params.set('epoch', this.epoch);
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = params.toString();
    const ws = new WebSocket(scheme + '//' + location.host + this.path + (query ? '?' + query : ''));
    this.ws = ws;
    ws.onmessage = (message) => {
      let frame;
      try { frame = JSON.parse(message.data); } catch { return; }
      if (frame.type === 'snapshot') {
        this.epoch = frame.epoch;
        this.seq = frame.seq;
        this.retry = 0;
        this.onStatus('online');
      } else if (frame.type === 'resumed') {
        this.retry = 0;
        this.onStatus('online');
      } else if (typeof frame.seq === 'number' && frame.type !== 'pong') {
        this.seq = frame.seq;
      }
      this.onFrame(frame);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.onStatus('offline', event.code);
      // a bad request or no such stream will not change by retrying; too many guests changes when one signs in
      if (this.stopped || event.code === 4400 || event.code === 4404 || (event.code === 4429 && !this.token)) {
        this.halted = true;
        return;
      }
      if (event.code === 4401) this.token = null; // a stale token: watch as a guest, sign in again to buy
      const delay = Math.min(5000, 250 * 2 ** this.retry++) * (0.75 + Math.random() / 2);
      setTimeout(() => this.connect(), delay);
    };
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  /** Signs in on the open socket (no reconnect, no gap); later reconnects carry the token. */
  auth(token) {
    this.token = token;
    if (this.halted && !this.stopped) {
      this.halted = false; // refused as a guest (4429): come back signed in
      this.connect();
      return true;
    }
    return this.send({ type: 'auth', token });
  }

  /** The page is hidden in the back/forward cache: close the socket, or it would still count as a viewer. */
  pause() {
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close(1000, 'page hidden');
  }

  /** The page is shown again: reconnect, resuming with since/epoch. */
  resume() {
    if (!this.ws && !this.stopped && !this.halted) this.connect();
  }

  close() {
    this.stopped = true;
    if (this.ws) this.ws.close();
  }
}
