/**
 * Did the browser honour the site's Clear-Site-Data header, and did a logout that sent one take effect?
 * Browsers honour the header only in secure contexts (https, or http on localhost); over plain http on any
 * other host they ignore it, and Chromium then ignores the same response's Set-Cookie too, so a logout
 * that adds the header leaves the user logged in there while Firefox applies its deletion. Each
 * conclusion carries the header and the request it rests on.
 */
import type { ExportInference } from './contract';
import { CSD_WINDOW_MS, HEADER_MATCH_MS } from './end-reasons';
import { maskUrl } from './evidence';
import type { Millis } from './observation';
import { endedEvent, iso, type SessionRecord } from './session';
import type { RequestEvidence, SiteRecord } from './site-record';

function requestOf(r: RequestEvidence, includeValues: boolean): Record<string, unknown> {
  return { method: r.method, url: includeValues ? r.url : maskUrl(r.url), status: r.status, at: iso(r.at) };
}

export function clearSiteDataInferences(
  rec: SiteRecord,
  sessions: readonly SessionRecord[],
  now: Millis,
  includeValues: boolean,
): ExportInference[] {
  const out: ExportInference[] = [];
  const ignored = rec.csdIgnored ?? null;
  const csd = rec.csd;
  if (ignored && (!csd || ignored.at > csd.at)) {
    const { request, header } = ignored;
    const origin = /^[a-z]+:\/\/[^/?#]*/i.exec(request.url)?.[0] ?? request.url;
    const applied = ignored.deletes.filter((name) =>
      sessions.some((s) => s.cookie.name === name && endedBy(s, ignored.at)),
    );
    out.push({
      kind: 'clear-site-data-honoured',
      value: false,
      evidence: [
        { at: iso(ignored.at), header, request: requestOf(request, includeValues) },
        `browsers ignore Clear-Site-Data outside secure contexts (https, or http on localhost): ${includeValues ? origin : maskUrl(origin)} is plain http`,
        ...applied.map(
          (name) => `${name} was removed by the same response's Set-Cookie deletion, not by the header`,
        ),
      ],
    });
    // A logout whose deletion the browser did not apply: the session outlived the response that ended it.
    if (now - ignored.at > HEADER_MATCH_MS) {
      const kept = ignored.deletes.filter((name) =>
        sessions.some((s) => s.cookie.name === name && s.startedAt <= ignored.at && outlived(s, ignored.at)),
      );
      if (kept.length > 0)
        out.push({
          kind: 'logout-ignored',
          value: true,
          evidence: [
            {
              at: iso(ignored.at),
              request: requestOf(request, includeValues),
              clearSiteData: header,
              deleted: kept,
            },
            `the browser kept ${kept.join(', ')} after this response deleted it: Chromium ignores a response's Set-Cookie when it ignores its Clear-Site-Data header (Firefox applies the deletion)`,
          ],
        });
    }
    return out;
  }
  if (csd) {
    const url = includeValues ? csd.url : maskUrl(csd.url);
    if (csd.removals > 0)
      out.push({
        kind: 'clear-site-data-honoured',
        value: true,
        evidence: [{ at: iso(csd.at), header: csd.directives.join(', '), url, cookiesRemoved: csd.removals }],
      });
    else if (now - csd.at > CSD_WINDOW_MS && csd.cookiesPresent > 0)
      out.push({
        kind: 'clear-site-data-honoured',
        value: false,
        evidence: [
          { at: iso(csd.at), header: csd.directives.join(', '), url, cookiesRemoved: 0 },
          `cookies still present ${Math.round(CSD_WINDOW_MS / 1000)} s later`,
        ],
      });
  }
  const inferredCsd = sessions.filter((s) => s.endReason === 'clear-site-data' && s.endInferred);
  if (!csd && inferredCsd.length > 0)
    out.push({
      kind: 'clear-site-data-honoured',
      value: true,
      evidence: [
        ...inferredCsd.map((s) => ({ at: iso(s.endedAt ?? 0), cookie: s.cookie.name })),
        'inferred: several cookies removed together with no header seen (header capture off?)',
      ],
    });
  return out;
}

/** When the response whose deletion ended `s` came, if its end names one. */
function endRequestAt(s: SessionRecord): Millis | null {
  const request = (endedEvent(s)?.evidence as { request?: { at?: unknown } } | undefined)?.request;
  return typeof request?.at === 'number' ? request.at : null;
}

/** Ended within a moment of `at`, by no later response: the deletion sent then was applied. */
function endedBy(s: SessionRecord, at: Millis): boolean {
  if (s.endedAt === null || s.endedAt < at - HEADER_MATCH_MS || s.endedAt > at + HEADER_MATCH_MS)
    return false;
  const by = endRequestAt(s);
  return by === null || by <= at;
}

/**
 * Still live, ended well after `at`, or ended by a later response's deletion (the next request, a moment
 * later): the deletion sent at `at` was not applied.
 */
function outlived(s: SessionRecord, at: Millis): boolean {
  if (s.endedAt === null || s.endedAt > at + HEADER_MATCH_MS) return true;
  const by = endRequestAt(s);
  return by !== null && by > at;
}
