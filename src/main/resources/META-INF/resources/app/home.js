import { $, h, api } from '/app/common.js';

async function fill(status, list, more, cursor) {
  const query = new URLSearchParams({ status, limit: '20' });
  if (cursor) query.set('cursor', cursor);
  try {
    const page = await api('/api/streams?' + query);
    if (!cursor) list.replaceChildren();
    for (const s of page.items) {
      const when = status === 'LIVE'
        ? h('span', { class: 'badge live' }, 'LIVE · ' + s.viewers + ' watching')
        : h('span', { class: 'muted' }, s.scheduledStart ? new Date(s.scheduledStart).toLocaleString() : 'soon');
      list.append(h('li', {}, h('a', { href: '/live/' + s.id }, s.title), h('span', { class: 'muted' }, s.hostId), when));
    }
    if (!list.children.length) list.append(h('li', { class: 'muted' }, status === 'LIVE' ? 'Nobody is live right now.' : 'Nothing scheduled.'));
    more.classList.toggle('hidden', !page.nextCursor);
    more.onclick = () => fill(status, list, more, page.nextCursor);
  } catch (e) {
    list.replaceChildren(h('li', { class: 'muted', role: 'alert' }, 'Could not load: ' + e.message));
  }
}

fill('LIVE', $('#live-list'), $('#live-more'));
fill('SCHEDULED', $('#upcoming-list'), $('#upcoming-more'));
