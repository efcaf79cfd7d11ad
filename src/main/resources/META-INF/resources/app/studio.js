import { $, h, money, tokens, devToken, api } from '/app/common.js';

const studio = { user: tokens.get('studio'), products: [], stream: null, feed: null, currency: 'EUR' };

function notice(text) { $('#notice').textContent = text; }
const call = (path, options = {}) => api(path, { ...options, token: studio.user.token });

async function attempt(work) {
  try {
    await work();
  } catch (e) {
    notice('Error: ' + e.message);
  }
}

$('#signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  attempt(async () => {
    studio.user = await devToken($('#host-name').value.trim(), ['seller', 'host']);
    tokens.set('studio', studio.user);
    await start();
  });
});

async function start() {
  $('#signin').classList.add('hidden');
  $('#who').textContent = 'Signed in as ' + studio.user.subject;
  $('#shop').classList.remove('hidden');
  try {
    const shop = await call('/api/sellers/me');
    await showShop(shop);
  } catch (e) {
    if (!e.problem || e.problem.code !== 'no-shop') throw e;
    $('#shop-form').classList.remove('hidden');
  }
  const saved = Number(sessionStorage.getItem('liveshop.studio.stream'));
  if (saved) await openStream(saved);
}

async function showShop(shop) {
  $('#shop-name').textContent = shop.name;
  $('#shop-form').classList.add('hidden');
  $('#products').classList.remove('hidden');
  $('#streams').classList.remove('hidden');
  await loadProducts();
}

$('#shop-form').addEventListener('submit', (event) => {
  event.preventDefault();
  attempt(async () => await showShop(await call('/api/sellers', { method: 'POST', body: { name: $('#shop-input').value.trim() } })));
});

async function loadProducts(created) {
  const page = await call('/api/sellers/me/products?limit=100');
  studio.products = page.items;
  // the list is refreshed from an event after the commit: a product created a moment ago may not be in it yet
  if (created && !studio.products.some((p) => p.id === created.id)) studio.products.unshift(created);
  $('#product-list').replaceChildren(...studio.products.map((p) => h('li', {}, p.title,
    h('span', { class: 'muted' }, money(p.priceMinor, p.currency) + ' · ' + p.stock + ' in stock'))));
  $('#stream-showcase').replaceChildren(h('legend', {}, 'Showcase'), ...studio.products.map((p) =>
    h('label', { class: 'row' }, h('input', { type: 'checkbox', value: p.id, checked: true, name: 'showcase' }), p.title)));
}

$('#product-form').addEventListener('submit', (event) => {
  event.preventDefault();
  attempt(async () => {
    const image = $('#product-image').value.trim();
    const created = await call('/api/products', { method: 'POST', body: { title: $('#product-title').value.trim(),
      priceMinor: Number($('#product-price').value), currency: $('#product-currency').value.trim().toUpperCase(),
      initialStock: Number($('#product-stock').value), status: 'ACTIVE', mediaUrls: image ? [image] : [], hashtags: [] } });
    $('#product-title').value = '';
    notice('Product added');
    await loadProducts(created);
  });
});

$('#stream-form').addEventListener('submit', (event) => {
  event.preventDefault();
  attempt(async () => {
    const start = $('#stream-start').value;
    const body = { title: $('#stream-title').value.trim(),
      showcase: [...document.querySelectorAll('#stream-showcase input:checked')].map((i) => Number(i.value)) };
    if ($('#stream-playback').value.trim()) body.playbackUrl = $('#stream-playback').value.trim();
    if (start) body.scheduledStart = new Date(start).toISOString();
    const stream = await call('/api/streams', { method: 'POST', body });
    notice('Stream ' + stream.id + ' created');
    await openStream(stream.id);
  });
});

$('#open-form').addEventListener('submit', (event) => {
  event.preventDefault();
  attempt(() => openStream(Number($('#open-id').value)));
});

async function openStream(id) {
  studio.stream = await api('/api/streams/' + id);
  sessionStorage.setItem('liveshop.studio.stream', id);
  renderStream();
  connectFeed();
}

function renderStream() {
  const s = studio.stream;
  $('#control').classList.remove('hidden');
  $('#sale').classList.toggle('hidden', s.status !== 'LIVE');
  $('#panel').classList.remove('hidden');
  $('#control-title').textContent = s.title + ' (#' + s.id + ')';
  $('#control-status').textContent = s.status;
  $('#control-status').className = 'badge' + (s.status === 'LIVE' ? ' live' : '');
  $('#viewer-link').href = '/live/' + s.id;
  $('#go-live').disabled = s.status !== 'SCHEDULED';
  $('#end').disabled = s.status !== 'LIVE';
  const byId = new Map(studio.products.map((p) => [p.id, p]));
  $('#showcase').replaceChildren(...s.showcase.map((id) => {
    const p = byId.get(id) || { id, title: 'Product ' + id };
    const pinned = s.pinnedProductId === id;
    return h('li', { 'data-product': id }, h('span', {}, p.title, pinned ? h('span', { class: 'badge live' }, ' pinned') : ''),
      h('button', { type: 'button', class: pinned ? 'secondary' : '', disabled: s.status !== 'LIVE',
        'aria-pressed': pinned ? 'true' : 'false', onclick: () => togglePin(id, pinned) }, pinned ? 'Unpin' : 'Pin'));
  }));
  $('#sale-product').replaceChildren(...s.showcase.map((id) => h('option', { value: id }, (byId.get(id) || { title: 'Product ' + id }).title)));
}

function togglePin(productId, pinned) {
  attempt(async () => {
    if (pinned) await call('/api/streams/' + studio.stream.id + '/unpin', { method: 'POST' });
    else await call('/api/streams/' + studio.stream.id + '/pin', { method: 'POST', body: { productId } });
    studio.stream.pinnedProductId = pinned ? null : productId;
    notice(pinned ? 'Unpinned' : 'Pinned');
    renderStream();
  });
}

$('#go-live').addEventListener('click', () => attempt(async () => {
  studio.stream = await call('/api/streams/' + studio.stream.id + '/live', { method: 'POST' });
  notice('You are live');
  renderStream();
}));

$('#end').addEventListener('click', () => attempt(async () => {
  studio.stream = await call('/api/streams/' + studio.stream.id + '/end', { method: 'POST' });
  notice('Stream ended');
  renderStream();
}));

$('#sale-form').addEventListener('submit', (event) => {
  event.preventDefault();
  attempt(async () => {
    const sale = await call('/api/sales', { method: 'POST', body: { streamId: studio.stream.id,
      productId: Number($('#sale-product').value), quantity: Number($('#sale-units').value),
      priceMinor: Number($('#sale-price').value), perBuyerLimit: Number($('#sale-limit').value),
      countdownSeconds: Number($('#sale-countdown').value), durationSeconds: Number($('#sale-duration').value) } });
    notice('Flash sale ' + sale.id + ' launched');
  });
});

function endSale(id) {
  attempt(async () => {
    await call('/api/sales/' + id + '/end', { method: 'POST' });
    notice('Flash sale ' + id + ' ended');
  });
}

function connectFeed() {
  if (studio.feed) studio.feed.close();
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const streamId = studio.stream.id;
  const ws = new WebSocket(scheme + '//' + location.host + '/ws/studio/' + streamId + '?access_token='
    + encodeURIComponent(studio.user.token));
  studio.feed = ws;
  ws.onmessage = (message) => {
    const f = JSON.parse(message.data);
    if (f.type === 'host.stats') renderPanel(f.data);
    if (f.type === 'error') notice('Live panel: ' + f.detail);
  };
  ws.onclose = (event) => {
    if (studio.feed === ws && studio.stream && studio.stream.id === streamId && event.code < 4000) {
      setTimeout(connectFeed, 2000);
    }
  };
}

function renderPanel(d) {
  $('#panel-live').textContent = d.viewers.live;
  $('#panel-peak').textContent = d.viewers.peak;
  const currency = (d.sales[0] && d.sales[0].currency) || studio.currency;
  $('#panel-revenue').textContent = money(d.revenueMinor, currency);
  $('#panel-sales').replaceChildren(...d.sales.map((s) => h('tr', { 'data-sale': s.saleId },
    h('td', {}, '#' + s.saleId + ' ' + s.title), h('td', {}, s.soldOut ? 'SOLD OUT' : s.status),
    h('td', {}, s.remaining + '/' + s.allocated), h('td', { class: 'held' }, s.held), h('td', { class: 'sold' }, s.sold),
    h('td', {}, money(s.revenueMinor, s.currency)),
    h('td', { class: 'invariant' }, s.invariantHolds ? '✓ holds' : '✗ broken'),
    h('td', {}, s.status === 'ENDED' ? '' : h('button', { type: 'button', class: 'secondary', onclick: () => endSale(s.saleId) }, 'End sale')))));
  $('#panel-orders').replaceChildren(...d.recentOrders.map((o) => h('tr', {},
    h('td', {}, '#' + o.orderId), h('td', {}, o.buyerId), h('td', {}, o.status), h('td', {}, money(o.totalMinor, o.currency)))));
}

// a page kept in the back/forward cache must not hold its panel socket open
window.addEventListener('pagehide', () => {
  const ws = studio.feed;
  studio.feed = null;
  if (ws) ws.close(1000, 'page hidden');
});
window.addEventListener('pageshow', (event) => { if (event.persisted && studio.stream) connectFeed(); });

if (studio.user) attempt(start);
