// A local HTTP server with the pages the benchmark loads. Every response is `Cache-Control: no-store`, so
// each load makes every request again. Run alone (`node bench/server.mjs`) to look at the pages.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

// 1×1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
// About 1 KiB of script, as a small real script would be.
const SCRIPT = `window.__n = (window.__n || 0) + 1;\n${'/* padding padding padding padding padding padding */\n'.repeat(18)}`;
const CSS = `.c{color:#333}\n${'/* padding padding padding padding padding padding */\n'.repeat(18)}`;

/**
 * The two pages. Subresources are counted exactly: typical 40 images + 20 scripts + 10 stylesheets +
 * 10 fetches = 80, 2 of which set a cookie; heavy 100 images + 50 scripts + 50 fetches = 200, 50 of
 * which set (first load) or refresh (every later load) a cookie.
 */
export const PAGES = {
  typical: { images: 40, scripts: 20, styles: 10, fetches: 10, cookies: { scripts: [3], fetches: [7] } },
  heavy: {
    images: 100,
    scripts: 50,
    styles: 0,
    fetches: 50,
    cookies: { images: range(0, 20), scripts: range(0, 15), fetches: range(0, 15) },
  },
};

function range(from, to) {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

export function subresourceCount(name) {
  const p = PAGES[name];
  return p.images + p.scripts + p.styles + p.fetches;
}

export function cookieCount(name) {
  const c = PAGES[name].cookies;
  return Object.values(c).reduce((n, list) => n + list.length, 0);
}

function pageHtml(name, run) {
  const p = PAGES[name];
  const q = (kind, i) => {
    const sets = p.cookies[kind]?.includes(i);
    return `?r=${run}${sets ? `&c=${name[0]}${kind[0]}${i}` : ''}`;
  };
  const fetches = range(0, p.fetches).map((i) => `/api/${i}${q('fetches', i)}`);
  const head = [
    '<!doctype html><html><head><meta charset="utf-8"><title>loading</title>',
    // Fetches start at once and race the images and scripts; the page is done when all of them and
    // the load event are.
    `<script>(() => {
  const urls = ${JSON.stringify(fetches)};
  const fetched = urls.map((u) => fetch(u).then((r) => r.text()));
  const loaded = new Promise((r) => addEventListener('load', r));
  Promise.all([...fetched, loaded]).then(() => {
    document.title = 'done';
    console.log('done ' + performance.now().toFixed(1));
  }, (e) => console.log('failed ' + e));
})();</script>`,
    ...range(0, p.styles).map((i) => `<link rel="stylesheet" href="/css/${i}.css${q('styles', i)}">`),
    ...range(0, p.scripts).map((i) => `<script defer src="/js/${i}.js${q('scripts', i)}"></script>`),
    '</head><body><h1>Benchmark page</h1>',
  ];
  const body = range(0, p.images).map(
    (i) => `<img width="1" height="1" alt="" src="/img/${i}.png${q('images', i)}">`,
  );
  return [...head, ...body, '</body></html>'].join('\n');
}

/** 5,000 cookie writes (or `n`) from script, spread over `names`, each a fresh opaque value. */
function cookieBurstHtml(n, names) {
  return `<!doctype html><title>burst</title><script>
const names = ${JSON.stringify(names)};
const hex = (k) => Array.from(crypto.getRandomValues(new Uint8Array(k)), (b) => b.toString(16).padStart(2, '0')).join('');
const t0 = performance.now();
for (let i = 0; i < ${n}; i++) document.cookie = names[i % names.length] + '=' + hex(16) + '; path=/; max-age=3600; samesite=lax';
document.title = 'done';
console.log('done ' + (performance.now() - t0).toFixed(1));
</script>`;
}

/** `n` fetches with `parallel` in flight, then done. */
function requestBurstHtml(n, parallel) {
  return `<!doctype html><title>burst</title><script>
(async () => {
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < ${n}) {
      const i = next++;
      try { await (await fetch('/ping?i=' + i)).text(); } catch { failed++; }
    }
  };
  await Promise.all(Array.from({ length: ${parallel} }, lane));
  document.title = 'done';
  console.log('done ' + (performance.now() - t0).toFixed(1) + ' failed ' + failed);
})();
</script>`;
}

export function startServer(port = 0) {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers = { 'Cache-Control': 'no-store', Connection: 'keep-alive' };
    const cookie = url.searchParams.get('c');
    if (cookie)
      headers['Set-Cookie'] =
        `${cookie}=${randomBytes(12).toString('hex')}; Path=/; Max-Age=3600; SameSite=Lax`;
    const send = (status, type, body) => {
      res.writeHead(status, { ...headers, 'Content-Type': type });
      res.end(body);
    };
    const path = url.pathname;
    const page = /^\/page\/(typical|heavy)$/.exec(path);
    if (page)
      return send(200, 'text/html; charset=utf-8', pageHtml(page[1], url.searchParams.get('r') ?? '0'));
    if (path.startsWith('/img/')) return send(200, 'image/png', PNG);
    if (path.startsWith('/js/')) return send(200, 'text/javascript', SCRIPT);
    if (path.startsWith('/css/')) return send(200, 'text/css', CSS);
    if (path.startsWith('/api/')) return send(200, 'application/json', `{"ok":true,"i":"${path.slice(5)}"}`);
    if (path === '/ping') return send(200, 'text/plain', 'pong');
    if (path === '/burst/cookies') {
      const n = Number(url.searchParams.get('n') ?? 5000);
      const names = (url.searchParams.get('names') ?? 'sessionid').split(',');
      return send(200, 'text/html; charset=utf-8', cookieBurstHtml(n, names));
    }
    if (path === '/burst/requests') {
      const n = Number(url.searchParams.get('n') ?? 20000);
      return send(
        200,
        'text/html; charset=utf-8',
        requestBurstHtml(n, Number(url.searchParams.get('parallel') ?? 24)),
      );
    }
    if (path === '/blank') return send(200, 'text/html', '<!doctype html><title>blank</title>');
    send(404, 'text/plain', 'not found');
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => {
    server.listen({ port, host: '::', ipv6Only: false }, () => {
      const { port: actual } = server.address();
      resolve({
        origin: `http://localhost:${actual}`,
        port: actual,
        requests: () => requests,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startServer(Number(process.argv[2] ?? 8765));
  console.log(`${s.origin}/page/typical  ${s.origin}/page/heavy  (Ctrl-C to stop)`);
}
