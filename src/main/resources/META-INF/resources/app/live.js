import { $, h, money, clock, tokens, devToken, api, LiveSocket } from '/app/common.js';

const streamId = Number(location.pathname.split('/').filter(Boolean)[1]);
const state = { stream: null, showcase: new Map(), stock: new Map(), pinnedId: null, sales: new Map(), saleId: null,
  order: null, user: tokens.get('viewer'), pendingBuy: false };

const socket = new LiveSocket('/ws/streams/' + streamId, {
  token: state.user && state.user.token,
  onFrame: frame,
  onStatus: connection,
});

const CLOSED = { 4404: 'This show does not exist (any more).',
  4429: 'Too many guests are watching from your network. Sign in to watch.' };

function connection(status, code) {
  const banner = $('#offline');
  document.body.dataset.socket = status;
  if (status === 'online') {
    banner.classList.add('hidden');
    if (Number(document.body.dataset.drops || 0) > 0) refreshOrder(); // user frames are not replayed on resume
    return;
  }
  document.body.dataset.drops = Number(document.body.dataset.drops || 0) + 1;
  if (code === 4401 && state.user) {
    // the stored token expired or was revoked: watch on as a guest; the next buy asks to sign in again
    tokens.clear('viewer');
    state.user = null;
    $('#who').textContent = 'Watching as a guest';
    $('#signin-open').classList.remove('hidden');
  }
  banner.textContent = CLOSED[code] || 'You are offline. Reconnecting…';
  banner.classList.remove('hidden');
  if (code === 4429) $('#signin-note').textContent = 'Sign in to keep watching and to buy.';
}

function frame(f) {
  switch (f.type) {
    case 'snapshot': snapshot(f); break;
    case 'pinned': pin(f.data.product); break;
    case 'unpinned': pin(null); break;
    case 'showcase': state.showcase = new Map(f.data.showcase.map((p) => [p.id, p])); f.data.showcase.forEach((p) => state.stock.set(p.id, p.stock)); renderProducts(); break;
    case 'stock': state.stock.set(f.data.productId, f.data.stock); renderProducts(); break;
    case 'product': state.showcase.set(f.data.product.id, f.data.product); renderProducts(); break;
    case 'viewers': $('#viewers').textContent = f.data.live; break;
    case 'status': case 'ended': state.stream.status = f.data.status; renderStream(); break;
    case 'sale.announced': sale(f.data.saleId, { ...f.data, status: f.data.countdownSeconds > 0 ? 'ANNOUNCED' : 'OPEN', remaining: f.data.quantity, allocated: f.data.quantity }); break;
    case 'sale.open': sale(f.data.saleId, { status: 'OPEN', remaining: f.data.remaining, endsAt: f.data.endsAt }); break;
    case 'sale.remaining': sale(f.data.saleId, { remaining: f.data.remaining, allocated: f.data.allocated }); break;
    case 'sale.sold-out': sale(f.data.saleId, { remaining: 0, soldOut: true }); break;
    case 'sale.ended': sale(f.data.saleId, { status: 'ENDED', remaining: 0 }); break;
    case 'buy-answer': answered(f.data); break;
    case 'sale.buy-answer': answered(f.data); break;
    case 'order': orderChanged(f.data); break;
    case 'order.shipped': shipped(f.data); break;
    case 'resumed': document.body.dataset.resumes = Number(document.body.dataset.resumes || 0) + 1; break;
    case 'authenticated': signedIn(); break;
    case 'error': if (f.data && f.data.code === 'unauthorized') askSignIn(); else if (f.code === 'unauthorized') askSignIn(); break;
    default: break;
  }
}

function snapshot(f) {
  const d = f.data;
  state.stream = d.stream;
  state.showcase = new Map((d.stream.showcase || []).map((p) => [p.id, p]));
  d.stream.showcase.forEach((p) => state.stock.set(p.id, p.stock));
  state.pinnedId = d.stream.pinned ? d.stream.pinned.id : null;
  $('#viewers').textContent = d.viewers.live;
  for (const item of d.sales || []) sale(item.saleId ?? item.id, item);
  renderStream();
  renderProducts();
  for (const s of d.state || []) frame(s);
  if (state.user) $('#who').textContent = 'Signed in as ' + state.user.subject;
  $('#signin-open').classList.toggle('hidden', !!state.user);
  if (state.user && state.wantsToBuy) signedIn(); // signed in while offline: the reconnect carried the token
}

function renderStream() {
  const s = state.stream;
  document.title = s.title + ' · LiveShop';
  $('#title').textContent = s.title;
  $('#host').textContent = s.hostId;
  const status = $('#status');
  status.textContent = s.status;
  status.className = 'badge' + (s.status === 'LIVE' ? ' live' : '');
  const player = $('#player');
  if (s.playbackUrl && player.dataset.url !== s.playbackUrl) {
    player.dataset.url = s.playbackUrl;
    const video = h('video', { controls: true, autoplay: true, muted: true, playsinline: true, 'aria-label': 'Live video of ' + s.title });
    const web = /^https?:/i.test(s.playbackUrl);
    const hls = /\.m3u8(\?|$)/i.test(s.playbackUrl);
    if (!web || (hls && !video.canPlayType('application/vnd.apple.mpegurl'))) {
      // a WebRTC (ws/wss, whep …) address, or HLS where the browser has no HLS: it needs the provider's player,
      // which LiveShop does not ship, so offer the address itself
      player.replaceChildren(h('p', {}, 'Open the video: ', h('a', { href: s.playbackUrl, rel: 'noopener' }, s.playbackUrl)));
    } else {
      video.src = s.playbackUrl;
      player.replaceChildren(video);
    }
  }
}

/** Screen readers hear meaningful changes only (a new pin, a sale opening or ending), not every count. */
function announce(text) { $('#announce').textContent = text; }

function pin(product) {
  if ((product ? product.id : null) !== state.pinnedId) {
    announce(product ? 'Pinned now: ' + product.title + ', ' + money(product.priceMinor, product.currency) : 'Nothing pinned');
  }
  state.pinnedId = product ? product.id : null;
  if (product) {
    state.showcase.set(product.id, product);
    state.stock.set(product.id, product.stock);
  }
  renderProducts();
}

function card(p) {
  return h('div', { class: 'product', 'data-product': p.id },
    p.imageUrl ? h('img', { src: p.imageUrl, alt: p.title }) : h('img', { alt: '' }),
    h('div', {}, h('div', { class: 'title' }, p.title), h('div', { class: 'price' }, money(p.priceMinor, p.currency)),
      h('div', { class: 'muted' }, h('span', { class: 'stock' }, state.stock.get(p.id) ?? p.stock), ' in stock')));
}

function renderProducts() {
  const pinned = state.pinnedId && state.showcase.get(state.pinnedId);
  $('#pinned').replaceChildren(pinned ? card(pinned) : h('p', { class: 'muted' }, 'Nothing pinned.'));
  $('#showcase').replaceChildren(...[...state.showcase.values()].map((p) => h('li', {}, p.title,
    h('span', {}, money(p.priceMinor, p.currency), ' · ', state.stock.get(p.id) ?? p.stock, ' left'))));
  renderSale();
}

function sale(id, change) {
  const previous = state.sales.get(id) || { saleId: id };
  const title = change.title || previous.title;
  if (title && change.status && change.status !== previous.status) {
    announce({ ANNOUNCED: 'Flash sale coming: ', OPEN: 'Flash sale open: ', ENDED: 'Flash sale ended: ' }[change.status] + title);
  } else if (title && change.soldOut && !previous.soldOut) announce('Sold out: ' + title);
  state.sales.set(id, { ...previous, ...change, saleId: id });
  if (state.saleId === null || state.saleId <= id) state.saleId = id;
  renderSale();
}

function renderSale() {
  const s = state.sales.get(state.saleId);
  $('#sale').classList.toggle('hidden', !s || !s.title);
  if (!s || !s.title) return;
  const product = state.showcase.get(s.productId);
  $('#sale-product').textContent = s.title;
  $('#sale-image').src = product && product.imageUrl ? product.imageUrl : '';
  $('#sale-image').alt = product ? product.title : '';
  $('#sale-price').textContent = money(s.priceMinor, s.currency);
  $('#sale-was').textContent = product ? money(product.priceMinor, product.currency) : '';
  $('#sale-remaining').textContent = s.status === 'ENDED' ? 'Sale ended' : s.soldOut || s.remaining === 0
    ? 'Sold out' : s.remaining + ' of ' + s.allocated + ' left';
  tickSale();
}

function tickSale() {
  const s = state.sales.get(state.saleId);
  if (!s || !s.title) return;
  const now = Date.now();
  const opens = Date.parse(s.opensAt);
  const ends = Date.parse(s.endsAt);
  let text = '';
  let open = false;
  if (s.status === 'ENDED' || now >= ends) text = 'Sale ended';
  else if (now < opens) text = 'Opens in ' + clock((opens - now) / 1000);
  else { text = 'Ends in ' + clock((ends - now) / 1000); open = true; }
  $('#sale-clock').textContent = text;
  const soldOut = s.soldOut || s.remaining === 0;
  const buy = $('#buy');
  buy.disabled = state.pendingBuy || !open || soldOut;
  buy.textContent = soldOut && open ? 'Sold out' : open ? 'Buy now for ' + money(s.priceMinor, s.currency) : now < opens ? 'Not open yet' : 'Sale ended';
}
setInterval(tickSale, 500);

$('#buy').addEventListener('click', () => {
  if (!state.user) {
    state.wantsToBuy = true;
    askSignIn();
    return;
  }
  buy();
});

function buy() {
  const s = state.sales.get(state.saleId);
  if (!s) return;
  state.pendingBuy = true;
  $('#buy-outcome').textContent = 'Buying…';
  $('#buy-outcome').className = 'outcome';
  if (!socket.send({ type: 'buy', saleId: s.saleId, requestId: 'web-' + s.saleId + '-' + state.user.subject + '-' + Date.now() })) {
    state.pendingBuy = false;
    $('#buy-outcome').textContent = 'Offline: try again in a moment';
  }
  tickSale();
}

const OUTCOMES = { WON: 'You won it!', SOLD_OUT: 'Sold out', LIMIT_REACHED: 'Limit reached', NOT_OPEN: 'Not open yet',
  ENDED: 'The sale has ended', RATE_LIMITED: 'Too fast: try again' };

function answered(a) {
  state.pendingBuy = false;
  const outcome = $('#buy-outcome');
  outcome.textContent = OUTCOMES[a.outcome] || a.outcome;
  outcome.className = 'outcome ' + (a.outcome === 'WON' ? 'good' : 'bad');
  outcome.dataset.outcome = a.outcome;
  if (a.outcome === 'SOLD_OUT') sale(a.saleId, { soldOut: true, remaining: 0 });
  if (a.outcome === 'WON' && a.orderId) {
    state.order = { orderId: a.orderId, status: 'PENDING_PAYMENT', payBy: a.payBy };
    renderOrder('answer');
    loadAddress();
  }
  tickSale();
}

function orderChanged(o) {
  if (!state.order || state.order.orderId !== o.orderId) {
    if (o.saleId === null || o.saleId === undefined || !state.sales.has(o.saleId)) return;
    state.order = { orderId: o.orderId };
  }
  state.order.status = o.status;
  if (o.expiresAt) state.order.payBy = o.expiresAt;
  const seen = $('#order').dataset.frames;
  $('#order').dataset.frames = (seen ? seen + ' ' : '') + o.status;
  renderOrder('frame');
}

function shipped(s) {
  if (!state.order || state.order.orderId !== s.orderId) return;
  $('#order-tracking').textContent = s.carrier || s.trackingNumber
    ? 'Shipped' + (s.carrier ? ' with ' + s.carrier : '') + (s.trackingNumber ? ', tracking ' + s.trackingNumber : '') : '';
}

/** After a reconnect: the order may have changed while the socket was down. */
async function refreshOrder() {
  if (!state.order || !state.user) return;
  try {
    const order = await api('/api/orders/' + state.order.orderId, { token: state.user.token });
    if (order.status !== state.order.status) {
      state.order.status = order.status;
      renderOrder('api');
    }
  } catch { /* the next change arrives as a frame */ }
}

/** via: what told the page ('frame': the order frame; 'api': an HTTP answer; 'answer': the buy answer). */
function renderOrder(via) {
  const o = state.order;
  $('#order').classList.remove('hidden');
  $('#order-id').textContent = '#' + o.orderId;
  $('#order-status').textContent = o.status;
  $('#order-status').dataset.via = via;
  $('#order-payby').textContent = o.status === 'PENDING_PAYMENT' && o.payBy
    ? 'Pay by ' + new Date(o.payBy).toLocaleTimeString() : '';
  $('#pay-form').classList.toggle('hidden', o.status !== 'PENDING_PAYMENT');
}

$('#pay-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const pay = $('#pay');
  pay.disabled = true;
  $('#pay-outcome').textContent = 'Paying…';
  try {
    const addressId = await shippingAddress();
    const order = await api('/api/orders/' + state.order.orderId + '/payment',
      { method: 'POST', token: state.user.token, body: { cardToken: $('#card').value, addressId } });
    $('#pay-outcome').textContent = 'Payment accepted';
    // the order frame normally tells first; this answer covers a frame lost while offline
    if (state.order.status === 'PENDING_PAYMENT' && order.status !== 'PENDING_PAYMENT') {
      state.order.status = order.status;
      renderOrder('api');
    }
  } catch (e) {
    $('#pay-outcome').textContent = 'Payment failed: ' + e.message;
  } finally {
    pay.disabled = false;
  }
});

// ---- the shipping address: the buyer's saved one, else a short form saved before paying

async function loadAddress() {
  try {
    const saved = await api('/api/addresses', { token: state.user.token });
    state.address = saved.find((a) => a.isDefault) || saved[0] || null;
  } catch {
    state.address = null;
  }
  const a = state.address;
  $('#ship-to').textContent = a ? 'Ships to ' + a.name + ', ' + a.line1 + ', ' + a.postalCode + ' ' + a.city : '';
  $('#ship-to').classList.toggle('hidden', !a);
  $('#address').classList.toggle('hidden', !!a);
  for (const id of ['#address-name', '#address-line1', '#address-city', '#address-postal', '#address-country']) {
    $(id).required = !a;
  }
}

async function shippingAddress() {
  if (state.address) return state.address.id;
  state.address = await api('/api/addresses', { method: 'POST', token: state.user.token, body: {
    name: $('#address-name').value.trim(), line1: $('#address-line1').value.trim(), city: $('#address-city').value.trim(),
    postalCode: $('#address-postal').value.trim(), country: $('#address-country').value.trim().toUpperCase() } });
  return state.address.id;
}

// ---- sign-in: in dev, a name box asks the development issuer; in prod, the embedding site calls liveshopSignIn(token)

function askSignIn() {
  if (embedder()) {
    // the embedding site signs its user in and answers with a liveshop.token message
    window.parent.postMessage({ type: 'liveshop.sign-in', streamId }, '*');
    $('#who').textContent = 'Signing in…';
    return;
  }
  const dialog = $('#signin');
  if (!dialog.open) dialog.showModal();
  $('#signin-name').focus();
}

$('#signin-open').addEventListener('click', askSignIn);
$('#signin-cancel').addEventListener('click', () => { state.wantsToBuy = false; $('#signin').close(); });
$('#signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('#signin-name').value.trim();
  if (!name) return;
  try {
    const token = await devToken(name, ['viewer']);
    useToken(token);
    $('#signin').close();
  } catch (e) {
    $('#signin-error').textContent = e.status === 404
      ? 'Sign in on the site that shows this page.' : 'Could not sign in: ' + e.message;
  }
});

function useToken(token) {
  state.user = token;
  tokens.set('viewer', token);
  if (!socket.auth(token.token)) {
    socket.token = token.token; // offline: the reconnect carries it
  }
}

function signedIn() {
  $('#who').textContent = 'Signed in as ' + state.user.subject;
  $('#signin-open').classList.add('hidden');
  if (state.wantsToBuy) {
    state.wantsToBuy = false;
    buy();
  }
}

/** For a same-origin page around this one: hands over the viewer's token. */
window.liveshopSignIn = (token, subject) => useToken({ token, subject: subject || 'you' });

// ---- embedding on another origin: only a parent whose origin is in liveshop.web.embed-origins (which the
// Content-Security-Policy's frame-ancestors also names) may hand over a token, with {type: 'liveshop.token'}

const embedOrigins = ($('meta[name=liveshop-embed-origins]').content || '').split(/[\s,]+/).filter(Boolean);

function trusted(origin) {
  return embedOrigins.some((allowed) => allowed === origin || (allowed.endsWith(':*')
    && origin.startsWith(allowed.slice(0, -1)) && /^[0-9]+$/.test(origin.slice(allowed.length - 1))));
}

/** Framed by a site that may sign its user in here. */
function embedder() { return window.parent !== window && embedOrigins.length > 0 && !state.user; }

window.addEventListener('message', (event) => {
  const m = event.data;
  if (event.source !== window.parent || !trusted(event.origin) || !m || m.type !== 'liveshop.token'
    || typeof m.token !== 'string' || !m.token) return;
  useToken({ token: m.token, subject: typeof m.name === 'string' && m.name ? m.name : 'you' });
});

// nothing secret: tells the parent the page is ready (it may send a token right away)
if (window.parent !== window) window.parent.postMessage({ type: 'liveshop.ready', streamId, signedIn: !!state.user }, '*');

window.addEventListener('pagehide', () => socket.pause());
window.addEventListener('pageshow', (event) => { if (event.persisted) socket.resume(); });

socket.connect();
