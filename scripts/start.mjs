// `npm start` (Chromium) / `npm run start:firefox`: builds, starts the Django demo site and opens the
// browser with the extension. With a display (or --headed) the browser stays open until you close it;
// without one (CI, SSH) it drives a short scripted visit headlessly and prints what the extension recorded.
// usage: node scripts/start.mjs [chromium|firefox] [--headed|--headless]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { ensureDeps } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const browserName = args.find((a) => !a.startsWith('-')) ?? 'chromium';
if (browserName !== 'chromium' && browserName !== 'firefox') {
  console.error(`unknown browser "${browserName}": use chromium or firefox`);
  process.exit(2);
}
let headed = args.includes('--headed') || (!args.includes('--headless') && Boolean(process.env.DISPLAY));
if (headed && !process.env.DISPLAY) {
  console.warn(
    '--headed needs a display (DISPLAY is not set; try `xvfb-run -a npm start -- --headed`): running headless.',
  );
  headed = false;
}

ensureDeps({ browsers: [browserName] });
if (process.env.START_SKIP_BUILD !== '1') {
  const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// One implementation of the harness, in TypeScript, shared with the e2e tests.
register();
const { launch, startDjango, waitFor, disposeAll, e2eRunDir, POPUP_PATH } = await import(
  '../e2e/harness/index.ts'
);
// Playwright's and puppeteer's own temp files go into the run folder, deleted at exit.
process.env.TMPDIR = join(e2eRunDir(), 'tmp');

/**
 * The demo site's requests are captured as a user captures a site: one click in the popup's site view,
 * which asks for the optional webRequest permission. Chromium uses a new permission from its next start, so
 * it is restarted once, here, before any session exists.
 */
async function captureDemoSite() {
  const popup = await session.newPage(session.extensionUrl(`${POPUP_PATH}?site=127.0.0.1`));
  await popup.waitForText('.capture-control', "Capture this site's requests", 20_000);
  await popup.click('input[name="capture-site"]');
  const capture = await waitFor(
    async () => {
      const reply = await session.send({ type: 'status/get' });
      const c = reply.ok ? reply.status.headerCapture : null;
      return c?.permission && c.sites.includes('127.0.0.1') ? c : null;
    },
    { timeout: 15_000, message: 'the demo site to be captured' },
  );
  await popup.close();
  if (capture.waitsForRestart) {
    console.log(
      'Captured the demo site 127.0.0.1; restarting the browser once so that Chromium uses the permission.',
    );
    await session.restart();
  } else {
    console.log('Captured the demo site 127.0.0.1.');
  }
}

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await disposeAll().catch((error) => console.error(String(error)));
  process.exit(code);
}
process.on('SIGINT', () => stop(130));
process.on('SIGTERM', () => stop(143));

const server = await startDjango();
console.log(
  `Django demo site: ${server.origin}  (try ${server.url('/login?user=demo')}, /touch, /read, /logout)`,
);
const session = await launch(browserName, { headed });
console.log(`${browserName} is running with Sessionscope (${session.extensionUrl(POPUP_PATH)})`);
await captureDemoSite();

if (headed) {
  await session.newPage(server.url('/'));
  await session.newPage(session.extensionUrl(POPUP_PATH));
  console.log('Close the browser window (or press Ctrl+C) to stop.');
  await session.waitForExit();
  await stop(0);
} else {
  const page = await session.newPage();
  for (const path of ['/', '/login?user=demo', '/read', '/touch', '/logout']) {
    await page.goto(server.url(path));
    console.log(`visited ${path.padEnd(18)} ${await page.text('#state')}`);
  }
  // The logout is recorded asynchronously: wait until the session shows as ended (or give what there is).
  const sites = await waitFor(
    async () => {
      const reply = await session.send({ type: 'state/get' });
      if (!reply.ok) throw new Error(reply.error);
      const site = reply.sites.find((s) => s.site === '127.0.0.1');
      return site?.sessions.some((s) => s.cookie.name === 'sessionid' && s.state === 'ended')
        ? reply.sites
        : null;
    },
    { timeout: 15_000, message: 'the extension to record the demo session and its logout' },
  ).catch(async (error) => {
    console.warn(String(error.message ?? error));
    const reply = await session.send({ type: 'state/get' });
    return reply.ok ? reply.sites : [];
  });

  const rows = [['site', 'cookie', 'framework', 'state', 'end reason', 'started', 'ended']];
  for (const site of sites) {
    for (const s of site.sessions) {
      rows.push([
        site.site,
        s.cookie.name,
        s.framework ?? '-',
        s.state,
        s.endReason ?? '-',
        s.startedAt,
        s.endedAt ?? '-',
      ]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const line = (row) =>
    row
      .map((cell, i) => String(cell).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(`\nWhat Sessionscope recorded in ${browserName}:\n`);
  console.log(line(rows[0]));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows.slice(1)) console.log(line(row));
  const ok = rows.some((row) => row[1] === 'sessionid');
  if (!ok) console.error('\nThe extension recorded no sessionid: something is broken.');
  await stop(ok ? 0 : 1);
}
