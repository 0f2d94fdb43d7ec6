/**
 * Handlers for every request of the message API (src/core/messages.ts, documented in docs/messages.md).
 * Each reply is `{ ok: true, ... }` or `{ ok: false, error, errors? }`; a handler that throws becomes an
 * `{ ok: false }` reply, never an unanswered message.
 */
import browser from 'webextension-polyfill';
import { annotateCapture, covers } from '../core/capture';
import { replayRequest, scopeCookies, toCookieHeader, toNetscapeCookies } from '../core/cookie-replay';
import { toCsv, toExportDocument, toTrace } from '../core/export';
import { parseImport, parseImportText } from '../core/import';
import type { CaptureStatus, Failure, Reply, Request, RequestOf } from '../core/messages';
import { mergeRuleSet } from '../core/rules-validate';
import { mergeSettings, validateSiteName } from '../core/settings-validate';
import { siteOf, siteOfUrl } from '../core/site';
import { refreshAllBadges } from './badge';
import { browserInfo } from './browser-info';
import { applyCapture, captureLog, refreshCapture } from './capture-state';
import { allBrowserCookies, removeBrowserCookie, toSnapshot } from './cookie-snapshot';
import { forgetSite, getRules, getSettings, getTracker, replaceRules, replaceSettings } from './engine';
import { hasHostAccess } from './host-access';
import { record, settled } from './recorder';
import { replayTarget } from './replay-target';
import { checkRequest } from './request-validate';
import { lastRestartAt } from './startup';
import { stateReport } from './state-report';
import { storageEstimate } from './storage-space';
import * as store from './store';
import { onStateReplaced } from './subscriptions';
import { trimmedEvents } from './trimmed';

type Handler<T extends Request['type']> = (request: RequestOf<T>) => Promise<Reply<T>>;

const fail = (error: string, errors?: Failure['errors']): Failure =>
  errors ? { ok: false, error, errors } : { ok: false, error };

const iso = (ms: number): string => new Date(ms).toISOString();

const handlers: { [T in Request['type']]: Handler<T> } = {
  async 'state/get'(req) {
    const report = await stateReport(Date.now(), {
      ...(req.site === undefined ? {} : { site: req.site }),
      events: req.events !== false,
    });
    return { ok: true, ...report };
  },

  async export(req) {
    const now = Date.now();
    const options = {
      includeValues: getSettings().exportIncludesValues,
      ...(req.site ? { site: req.site } : {}),
    };
    const doc = toExportDocument(
      annotateCapture(getTracker().report(now, options), await captureLog(), now),
      {
        now,
        includeValues: options.includeValues,
        browser: await browserInfo(),
        rules: getRules(),
        restarts: getTracker().restartLog(),
      },
    );
    if (req.format === 'csv') return { ok: true, data: toCsv(doc) };
    if (req.format === 'trace') return { ok: true, data: JSON.stringify(toTrace(doc)) };
    return { ok: true, data: doc };
  },

  async import(req) {
    // Text, as read from a file, is size-checked before it is parsed; an object is checked for depth.
    const parsed = typeof req.data === 'string' ? parseImportText(req.data) : parseImport(req.data);
    if (!parsed.ok) return fail(parsed.error, parsed.errors);
    await store.addImport(parsed.doc, Date.now());
    const sessions = parsed.doc.sites.reduce((n, s) => n + s.sessions.length, 0);
    return { ok: true, sites: parsed.doc.sites.length, sessions };
  },

  async 'rules/get'() {
    return { ok: true, rules: getRules() };
  },

  async 'rules/set'(req) {
    const merged = mergeRuleSet(getRules(), req.rules);
    if (!merged.ok) return fail(`Rules not saved: ${summarize(merged.errors)}`, merged.errors);
    await replaceRules(merged.ruleSet);
    refreshAllBadges();
    return { ok: true, rules: merged.ruleSet };
  },

  async 'settings/get'() {
    return { ok: true, settings: getSettings() };
  },

  async 'settings/set'(req) {
    const merged = mergeSettings(getSettings(), req.settings);
    if (!merged.ok) return fail(`Settings not saved: ${summarize(merged.errors)}`, merged.errors);
    await replaceSettings(merged.settings);
    await applyCapture();
    await refreshCapture();
    return { ok: true, settings: merged.settings };
  },

  async 'capture/set'(req) {
    const name = validateSiteName(req.site);
    if (!name.ok) return fail(`Bad "capture/set" request: "site" ${name.message}.`);
    const current = getSettings().headerCapture;
    if (current.mode === 'all' && !req.captured) {
      return fail('Every site is captured (mode "all"): choose "only these sites" first to leave one out.');
    }
    const sites = req.captured
      ? [...current.sites.filter((s) => s !== name.site), name.site]
      : current.sites.filter((s) => s !== name.site);
    const mode = current.mode === 'all' ? 'all' : req.captured ? 'sites' : current.mode;
    const merged = mergeSettings(getSettings(), { headerCapture: { mode, sites } });
    if (!merged.ok) return fail(`Capture not changed: ${summarize(merged.errors)}`, merged.errors);
    await replaceSettings(merged.settings);
    await applyCapture();
    return { ok: true, capture: withSite(await refreshCapture(), `http://${name.site}/`) };
  },

  async 'session/end'(req) {
    const where = getTracker().findSession(req.id);
    if (!where) return fail(`No session with id "${req.id}".`);
    const matches = (await allBrowserCookies()).filter((c) => {
      const s = toSnapshot(c);
      return (
        s.storeId === where.storeId &&
        s.domain === where.domain &&
        s.path === where.path &&
        s.name === where.name &&
        s.partitionKey === where.partitionKey
      );
    });
    if (matches.length === 0)
      return fail('That session has no cookie left in the browser: it has already ended.');
    // Recorded first, so the removal that follows is attributed to the user, not to the site.
    record({
      kind: 'user-action',
      at: Date.now(),
      action: 'end-session',
      site: where.site,
      sessionId: req.id,
    });
    await settled();
    let removed = 0;
    for (const cookie of matches) if (await removeBrowserCookie(cookie)) removed++;
    return { ok: true, removed };
  },

  async 'site/simulate-browser-close'(req) {
    const site = req.site.trim().toLowerCase();
    const targets = (await allBrowserCookies()).filter((c) => c.session && siteOf(c.domain) === site);
    record({ kind: 'user-action', at: Date.now(), action: 'simulate-browser-close', site, sessionId: null });
    await settled();
    let removed = 0;
    for (const cookie of targets) if (await removeBrowserCookie(cookie)) removed++;
    return { ok: true, removed };
  },

  async 'site/forget'(req) {
    const forgotten = await forgetSite(req.site.trim().toLowerCase());
    refreshAllBadges();
    return { ok: true, forgotten };
  },

  async 'site/cookies'(req) {
    const site = req.site.trim().toLowerCase();
    const target = await replayTarget(req, site);
    const cookies = (await allBrowserCookies()).map(toSnapshot).filter((c) => siteOf(c.domain) === site);
    const scoped = scopeCookies(
      cookies,
      replayRequest(target.url, target.storeId, target.partition),
      Date.now(),
    );
    return {
      ok: true,
      cookieHeader: toCookieHeader(scoped.sent),
      // Without the #HttpOnly_ prefix: wget reads such lines as comments and would drop the session cookie itself.
      netscape: toNetscapeCookies(scoped.jar, { httpOnlyPrefix: false }),
      count: scoped.sent.length,
      url: target.url,
      storeId: target.storeId,
      scopedBy: target.scopedBy,
      notSent: scoped.notSent.map(({ cookie, verdict }) => ({
        name: cookie.name,
        domain: cookie.domain,
        path: cookie.path,
        storeId: cookie.storeId,
        partitionKey: cookie.partitionKey,
        verdict: verdict.verdict === 'unknown' ? 'unknown' : 'no',
        rule: verdict.rule,
        reason: verdict.reason,
      })),
    };
  },

  async 'status/get'(req) {
    const capture = await refreshCapture();
    const { usedBytes, quotaBytes } = await storageEstimate();
    const restartAt = await lastRestartAt();
    return {
      ok: true,
      status: {
        browser: await browserInfo(),
        hostAccess: await hasHostAccess(req.url),
        headerCapture: withSite(capture, req.url),
        storage: { usedBytes, quotaBytes, trimmedEvents: await trimmedEvents() },
        lastRestartAt: restartAt === null ? null : iso(restartAt),
      },
    };
  },
};

/** The capture status, with the site of `url` when one is given. */
function withSite(capture: CaptureStatus, url: string | undefined): CaptureStatus {
  const site = url === undefined ? null : siteOfUrl(url);
  if (site === null) return capture;
  const chosen = capture.mode !== 'off' && covers(capture.mode === 'all' ? 'all' : capture.sites, site);
  return { ...capture, site: { site, chosen, captured: chosen && capture.active } };
}

function summarize(errors: readonly { path: string; message: string }[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
}

const REPLACES_STATE = new Set<Request['type']>([
  'rules/set',
  'settings/set',
  'capture/set',
  'site/forget',
  'import',
]);

/** Answers one message. Exported for the listener in main.ts. */
export async function handleMessage(message: unknown): Promise<Reply<Request['type']>> {
  const checked = checkRequest(message);
  if (!checked.ok) return fail(checked.error);
  const request = checked.request;
  try {
    // Read-your-writes: everything observed before this message is applied and stored first.
    await settled();
    const handler = handlers[request.type] as (r: Request) => Promise<Reply<Request['type']>>;
    const reply = await handler(request);
    // What these change reaches the report without an observation: live views are told.
    if (reply.ok && REPLACES_STATE.has(request.type)) onStateReplaced();
    return reply;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(`"${request.type}" failed: ${detail}`);
  }
}

export function observeMessages(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
    // onMessage only hears our own pages today (no externally_connectable, no content scripts); checking the
    // sender keeps it that way if either is ever added.
    sender.id === browser.runtime.id
      ? handleMessage(message)
      : Promise.resolve(fail('Sessionscope answers only its own pages.')),
  );
}
