// The page is self-contained (no bundler, no external files): it polls the JSON view and renders
// every mail field with textContent, so nothing in a message is ever parsed as HTML of this page.
// HTML parts are shown in a frame with an empty sandbox (no scripts, no same-origin access).
const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1f23}
header{background:#232f3e;color:#fff;padding:12px 20px;display:flex;gap:16px;align-items:baseline}
header h1{font-size:18px;margin:0}header small{opacity:.8}
main{max-width:920px;margin:16px auto;padding:0 16px}
.empty{color:#555;padding:32px;text-align:center}
article{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;margin:0 0 12px;padding:12px 16px}
.meta{display:flex;flex-wrap:wrap;gap:4px 16px;color:#555;font-size:13px}
.subject{font-weight:600;font-size:15px;margin:4px 0}
pre{white-space:pre-wrap;word-break:break-word;background:#f8f8fa;padding:8px;border-radius:4px;margin:8px 0 0}
mark{background:#ffe08a;padding:0 3px;border-radius:3px;font-weight:700;letter-spacing:.08em}
button{margin-left:6px;font-size:12px;cursor:pointer}
iframe{width:100%;min-height:160px;border:1px solid #ddd;border-radius:4px;margin-top:8px;background:#fff}
details{margin-top:6px}`;

const SCRIPT = `
const CODE = /\\b\\d{4,8}\\b/g;
const list = document.getElementById('messages');
const where = document.getElementById('transports');
let shown = '';
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}
function withCodes(text) {
  const pre = el('pre', 'body');
  let last = 0;
  for (const match of text.matchAll(CODE)) {
    pre.append(text.slice(last, match.index));
    const mark = el('mark', 'code', match[0]);
    mark.dataset.code = match[0];
    pre.append(mark);
    const copy = el('button', 'copy', 'Copy');
    copy.type = 'button';
    copy.dataset.copy = match[0];
    copy.addEventListener('click', async () => {
      try { await navigator.clipboard.writeText(match[0]); copy.textContent = 'Copied'; }
      catch { copy.textContent = 'Select and copy'; }
    });
    pre.append(copy);
    last = match.index + match[0].length;
  }
  pre.append(text.slice(last));
  return pre;
}
function render(view) {
  where.textContent = view.transports.length ? 'Mail goes to ' + view.transports.join(', ') : '';
  list.replaceChildren();
  if (view.messages.length === 0) {
    list.append(el('p', 'empty', 'No mail yet. Messages sent by an EmailClient appear here as they arrive.'));
    return;
  }
  for (const m of view.messages) {
    const item = el('article', 'message');
    item.dataset.messageId = m.messageId;
    const meta = el('div', 'meta');
    meta.append(el('span', 'to', 'To: ' + m.to.join(', ')));
    if (m.cc.length) meta.append(el('span', 'cc', 'Cc: ' + m.cc.join(', ')));
    meta.append(el('span', 'from', 'From: ' + m.from));
    const time = el('time', 'time', new Date(m.timestamp).toLocaleString());
    time.dateTime = m.timestamp;
    meta.append(time);
    item.append(meta, el('div', 'subject', m.subject), withCodes(m.body));
    if (m.html) {
      const details = el('details');
      details.append(el('summary', '', 'HTML version'));
      const frame = el('iframe');
      frame.setAttribute('sandbox', '');
      frame.srcdoc = m.html;
      details.append(frame);
      item.append(details);
    }
    list.append(item);
  }
}
async function refresh() {
  try {
    const reply = await fetch(location.pathname + '?format=json', { cache: 'no-store' });
    const text = await reply.text();
    if (text !== shown) { shown = text; render(JSON.parse(text)); }
    document.body.dataset.loaded = 'true';
  } catch {}
  setTimeout(refresh, 1000);
}
refresh();`;

/** The dev inbox page; `nonce` allows its own inline script under the page's CSP. */
export function inboxPage(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dev inbox</title><style>${STYLE}</style></head>
<body><header><h1>Dev inbox</h1><small id="transports"></small></header>
<main id="messages" aria-live="polite"></main>
<script nonce="${nonce}">${SCRIPT}</script></body></html>
`;
}
