// Cadre dashboard: renders the server's snapshots (pushed over Server-Sent Events) and expands
// grouped children on demand. No framework, no network access beyond this server.
'use strict';

const $ = (id) => document.getElementById(id);
const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : '–');
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const cap = (c) => (c === -1 ? '∞' : c === -2 ? 'mixed' : fmt(c));

const expanded = new Map(); // "parent|kind" or "parent|" -> {rows, total} (null while loading)
const feedSeen = new Map(); // seq -> entry
let last = null;
let hotDepth = 1000;

function showError(msg) {
  const e = $('error');
  e.textContent = msg;
  e.hidden = false;
}
function clearError() {
  const e = $('error');
  e.hidden = true;
  e.textContent = '';
}
window.addEventListener('error', (ev) => showError('dashboard script error: ' + ev.message));

function supervision(a) {
  if (a.strategy) return 'supervises: ' + a.strategy;
  if (a.local) return 'local: ' + a.local;
  return a.supervised ? 'by its supervisor' : '';
}

function actorRow(a, depth, cls) {
  const key = a.path + '|';
  const canExpand = a.children > 0 && a.kids === undefined && a.groups === undefined;
  const btn = canExpand
    ? `<button class="expand" data-key="${esc(key)}">${expanded.has(key) ? 'collapse' : 'expand ' + fmt(a.children)}</button>` : '';
  const hot = a.depth >= hotDepth ? ' hot' : '';
  return `<tr class="${cls}${hot}" data-path="${esc(a.path)}" data-state="${a.state}">`
    + `<td class="name" data-depth="${Math.min(depth, 12)}">${esc(a.name)}${btn}</td>`
    + `<td><span class="state ${a.state}">${a.state.toLowerCase().replace('_', ' ')}</span></td>`
    + `<td class="sup" title="${esc(supervision(a))}">${esc(supervision(a))}</td>`
    + `<td class="num depth">${fmt(a.depth)}</td><td class="num">${fmt(a.hwm)}</td><td class="num">${cap(a.capacity)}</td>`
    + `<td class="num rate">${fmt(a.rate)}</td><td class="num processed">${fmt(a.processed)}</td>`
    + `<td class="num">${fmt(a.restarts)}</td><td class="num">${fmt(a.dropped)}</td></tr>`
    + expansion(key, depth + 1);
}

function groupRow(g, depth) {
  const key = g.parent + '|' + g.kind;
  const open = expanded.has(key);
  const states = Object.entries(g.states).map(([s, n]) => `${s.toLowerCase().replace('_', ' ')} ${fmt(n)}`).join(', ');
  return `<tr class="group" data-group="${esc(key)}">`
    + `<td class="name" data-depth="${Math.min(depth, 12)}"><span class="mark">${open ? '▾' : '▸'}</span> ${esc(g.kind)} × ${fmt(g.count)}`
    + `<button class="expand" data-key="${esc(key)}">${open ? 'collapse' : 'expand'}</button></td>`
    + `<td class="states">${esc(states)}</td><td class="sup">max depth ${fmt(g.maxDepth)}</td>`
    + `<td class="num depth">${fmt(g.depth)}</td><td class="num">${fmt(g.hwm)}</td><td class="num">${cap(g.capacity)}</td>`
    + `<td class="num rate">${fmt(g.rate)}</td><td class="num processed">${fmt(g.processed)}</td>`
    + `<td class="num">${fmt(g.restarts)}</td><td class="num">${fmt(g.dropped)}</td></tr>`
    + expansion(key, depth + 1);
}

function expansion(key, depth) {
  if (!expanded.has(key)) return '';
  const e = expanded.get(key);
  if (!e) return `<tr class="member"><td colspan="10" data-depth="${Math.min(depth, 12)}" class="name muted">loading…</td></tr>`;
  let html = e.rows.map((r) => actorRow(r, depth, 'member')).join('');
  if (e.total > e.rows.length) {
    html += `<tr class="member"><td colspan="10" data-depth="${Math.min(depth, 12)}" class="name muted">`
      + `the ${fmt(e.rows.length)} deepest of ${fmt(e.total)} shown</td></tr>`;
  }
  return html;
}

function subtree(node, depth) {
  let html = '';
  for (const k of node.kids || []) html += actorRow(k, depth, '') + subtree(k, depth + 1);
  for (const g of node.groups || []) html += groupRow(g, depth);
  return html;
}

function renderTop(tableId, rows, growth) {
  const body = document.querySelector(`#${tableId} tbody`);
  if (rows.length === 0) {
    body.innerHTML = `<tr><td colspan="4" class="muted">${growth ? 'no mailbox is growing' : 'every mailbox is empty'}</td></tr>`;
    return;
  }
  body.innerHTML = rows.map((r) => growth
    ? `<tr><td title="${esc(r.path)}">${esc(r.path)}</td><td class="num">+${fmt(r.growth)}</td><td class="num">${fmt(r.depth)}</td></tr>`
    : `<tr><td title="${esc(r.path)}">${esc(r.path)}</td><td class="num">${fmt(r.depth)}</td><td class="num">${fmt(r.hwm)}</td><td class="num">${cap(r.capacity)}</td></tr>`).join('');
}

function renderFeed(entries, suppressed) {
  for (const e of entries) feedSeen.set(e.seq, e);
  const all = [...feedSeen.values()].sort((a, b) => b.seq - a.seq);
  for (const e of all.slice(150)) feedSeen.delete(e.seq);
  $('feed').innerHTML = all.slice(0, 150).map((e) => `<li data-kind="${esc(e.kind)}" data-seq="${e.seq}">`
    + `<time>${esc(e.at.substring(11, 19))}</time><span class="kind">${esc(e.kind)}</span> `
    + `<span class="path">${esc(e.path)}</span> ${esc(e.detail)}</li>`).join('')
    || '<li class="muted">nothing yet</li>';
  $('feed-suppressed').textContent = suppressed > 0 ? `(${fmt(suppressed)} left out by the rate limit)` : '';
}

function render(s) {
  last = s;
  $('system').textContent = s.system;
  $('status').textContent = s.status;
  $('updated').textContent = 'sample #' + s.seq + ' at ' + s.at.substring(11, 19) + ' UTC';
  const t = s.stats;
  $('s-actors').textContent = fmt(t.actors);
  $('s-rate').textContent = fmt(t.processedPerSecond);
  $('s-processed').textContent = fmt(t.processed);
  $('s-depth').textContent = fmt(t.mailboxDepth);
  $('s-dead').textContent = fmt(t.deadLetters);
  $('s-dead-rate').textContent = `(${fmt(t.deadLettersPerSecond)}/s)`;
  $('s-drops').textContent = fmt(t.overflowDrops);
  $('s-failures').textContent = fmt(t.failures);
  $('s-failures-rate').textContent = `(${fmt(t.failuresPerSecond)}/s)`;
  $('s-restarts').textContent = fmt(t.restarts);
  $('s-restarts-rate').textContent = `(${fmt(t.restartsPerSecond)}/s)`;
  $('s-long').textContent = fmt(t.longMailboxes);
  $('s-dropped-updates').textContent = fmt(s.droppedUpdates);
  $('tree-body').innerHTML = subtree(s.tree, 0)
    || '<tr><td colspan="10" class="muted">no actors</td></tr>';
  renderTop('top-depth', s.topDepth, false);
  renderTop('top-growth', s.topGrowth, true);
  renderFeed(s.feed, t.feedSuppressed);
  if (s.terminated || s.status.startsWith('finished')) {
    setConn('finished', 'finished');
  }
}

function keyParts(key) {
  const i = key.lastIndexOf('|');
  return [key.substring(0, i), key.substring(i + 1)];
}

async function load(key) {
  const [path, kind] = keyParts(key);
  const q = new URLSearchParams({ path, limit: '50' });
  if (kind) q.set('kind', kind);
  const r = await fetch('/api/children?' + q.toString());
  if (!r.ok) throw new Error('children of ' + path + ': HTTP ' + r.status);
  const data = await r.json();
  if (expanded.has(key)) expanded.set(key, data);
}

async function refreshExpanded() {
  try {
    await Promise.all([...expanded.keys()].map(load));
    if (last) render(last);
  } catch (e) {
    showError(String(e));
  }
}

document.addEventListener('click', (ev) => {
  const b = ev.target.closest('button.expand');
  if (!b) return;
  const key = b.dataset.key;
  if (expanded.has(key)) {
    expanded.delete(key);
    if (last) render(last);
  } else {
    expanded.set(key, null);
    if (last) render(last);
    refreshExpanded();
  }
});

function setConn(cls, text) {
  const c = $('conn');
  c.className = 'pill ' + cls;
  c.textContent = text;
}

function connect() {
  const es = new EventSource('/events');
  es.addEventListener('snapshot', (ev) => {
    try {
      const s = JSON.parse(ev.data);
      setConn('live', 'live');
      clearError();
      render(s);
      if (expanded.size > 0) refreshExpanded();
    } catch (e) {
      showError('cannot show an update: ' + e);
    }
  });
  es.onerror = () => {
    if (last && (last.terminated || last.status.startsWith('finished'))) {
      setConn('finished', 'finished');
    } else {
      setConn('reconnecting', 'reconnecting');
    }
  };
}

connect();
