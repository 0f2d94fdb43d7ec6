/**
 * Handlers for every request of the message API (src/core/messages.ts, documented in docs/messages.md).
 * Each reply is `{ ok: true, ... }` or `{ ok: false, error, errors? }`; a handler that throws becomes an
 * `{ ok: false }` reply, never an unanswered message.
 */
import browser from 'webextension-polyfill';
import { toCookieHeader, toNetscapeCookies } from '../core/cookie-replay';
import { toCsv, toExportDocument, toTrace } from '../core/export';
import { parseImport, parseImportText } from '../core/import';
import type { Failure, Reply, Request, RequestOf } from '../core/messages';
import { mergeRuleSet } from '../core/rules-validate';
import { mergeSettings } from '../core/settings-validate';
import { siteOf } from '../core/site';
import { refreshAllBadges } from './badge';
import { browserInfo } from './browser-info';
import { allBrowserCookies, removeBrowserCookie, toSnapshot } from './cookie-snapshot';
import { forgetSite, getRules, getSettings, getTracker, replaceRules, replaceSettings } from './engine';
import { hasHostAccess } from './host-access';
import { applyHeaderCaptureMode, headerCaptureInForce } from './observe-requests';
import { record, settled } from './recorder';
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
    const doc = toExportDocument(getTracker().report(now, options), {
      now,
      includeValues: options.includeValues,
      browser: await browserInfo(),
      rules: getRules(),
      restarts: getTracker().restarts(),
    });
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
    applyHeaderCaptureMode(merged.settings.headerCapture);
    return { ok: true, settings: merged.settings };
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
    const cookies = (await allBrowserCookies())
      .filter((c) => siteOf(c.domain) === site && (req.storeId === undefined || c.storeId === req.storeId))
      .map(toSnapshot);
    return {
      ok: true,
      cookieHeader: toCookieHeader(cookies),
      // Without the #HttpOnly_ prefix: wget reads such lines as comments and would drop the session cookie itself.
      netscape: toNetscapeCookies(cookies, { httpOnlyPrefix: false }),
      count: cookies.length,
    };
  },

  async 'status/get'(req) {
    const settings = getSettings();
    const inForce = headerCaptureInForce();
    const { usedBytes, quotaBytes } = await storageEstimate();
    const restartAt = await lastRestartAt();
    return {
      ok: true,
      status: {
        browser: await browserInfo(),
        hostAccess: await hasHostAccess(req.url),
        headerCapture: {
          mode: settings.headerCapture.mode,
          active: inForce.active,
          sites: settings.headerCapture.sites,
        },
        storage: { usedBytes, quotaBytes, trimmedEvents: await trimmedEvents() },
        lastRestartAt: restartAt === null ? null : iso(restartAt),
      },
    };
  },
};

function summarize(errors: readonly { path: string; message: string }[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
}

const REPLACES_STATE = new Set<Request['type']>(['rules/set', 'settings/set', 'site/forget', 'import']);

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
