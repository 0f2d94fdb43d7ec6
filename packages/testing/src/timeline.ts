// Sessions as text for error and matcher messages: what the extension saw, event by event, so a failed
// assertion shows the evidence instead of only "expected ended, got active".
import type { ExportSession } from '../../../src/core/contract';

/** A session as Sessionscope reports it, with the site it belongs to. */
export interface ObservedSession extends ExportSession {
  site: string;
}

const MAX_EVENTS = 40;

function clock(iso: string): string {
  // HH:MM:SS.mmm in UTC: a test's events are seconds apart, the date only adds noise.
  return iso.length >= 23 ? iso.slice(11, 23) : iso;
}

function details(event: Record<string, unknown>): string {
  const rest = Object.fromEntries(Object.entries(event).filter(([key]) => key !== 'at' && key !== 'type'));
  if (Object.keys(rest).length === 0) return '';
  const text = JSON.stringify(rest);
  return ` ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`;
}

/** One line naming the session and its verdict. */
export function describeSession(session: ObservedSession | ExportSession): string {
  const site = 'site' in session ? ` on ${(session as ObservedSession).site}` : '';
  const verdict =
    session.state === 'ended'
      ? `ended (${session.endReason ?? 'no reason'}${session.endInferred ? ', inferred' : ''}${
          session.endPredicted ? ', predicted' : ''
        })${session.endUnknown ? ` [unknown: ${session.endUnknown}]` : ''}`
      : session.state;
  const links = [
    session.replaces ? `replaces ${session.replaces}` : '',
    session.replacedBy ? `replaced by ${session.replacedBy}` : '',
    session.restartsSurvived ? `survived ${session.restartsSurvived} restart(s)` : '',
    session.restoredByBrowser ? 'restored by the browser' : '',
  ].filter(Boolean);
  return `${session.cookie.name}${site} (id ${session.id}): ${verdict}${links.length ? `; ${links.join(', ')}` : ''}`;
}

/** The session's line and its events, oldest first. */
export function formatTimeline(session: ObservedSession | ExportSession): string {
  const events = session.events.slice(-MAX_EVENTS);
  const skipped = session.events.length - events.length;
  const lines = [describeSession(session)];
  if (skipped > 0) lines.push(`  ... ${skipped} earlier event(s)`);
  for (const event of events) lines.push(`  ${clock(event.at)} ${event.type}${details(event)}`);
  if (session.events.length === 0) lines.push('  (no events)');
  return lines.join('\n');
}

/** Several sessions' timelines, or a line saying there were none. */
export function formatTimelines(sessions: readonly (ObservedSession | ExportSession)[]): string {
  return sessions.length === 0 ? '(no sessions seen)' : sessions.map(formatTimeline).join('\n');
}
