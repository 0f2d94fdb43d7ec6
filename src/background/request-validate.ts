/**
 * Checks that an incoming message is a request of the message API (src/core/messages.ts) before any
 * handler sees it: messages come from our pages, but also from tests and other tools, so a wrong shape
 * gets a clear error instead of a crash deep inside a handler. Deep validation of rules and settings
 * patches is the core validators' job.
 */
import type { ExportFormat, Request } from '../core/messages';

export const REQUEST_TYPES = [
  'state/get',
  'export',
  'import',
  'rules/get',
  'rules/set',
  'settings/get',
  'settings/set',
  'session/end',
  'site/simulate-browser-close',
  'site/forget',
  'site/cookies',
  'status/get',
  'capture/set',
] as const satisfies readonly Request['type'][];

const FORMATS: readonly ExportFormat[] = ['json', 'csv', 'trace'];

export type Checked = { ok: true; request: Request } | { ok: false; error: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(m: Record<string, unknown>, key: string): string | null {
  const v = m[key];
  return v === undefined || typeof v === 'string' ? null : `"${key}" must be a string when given`;
}

function optionalBoolean(m: Record<string, unknown>, key: string): string | null {
  const v = m[key];
  return v === undefined || typeof v === 'boolean' ? null : `"${key}" must be true or false when given`;
}

function optionalUrl(m: Record<string, unknown>, key: string): string | null {
  const v = m[key];
  if (v === undefined) return null;
  return typeof v === 'string' && /^https?:\/\/[^/]/i.test(v)
    ? null
    : `"${key}" must be an http or https URL when given`;
}

function optionalTab(m: Record<string, unknown>): string | null {
  const v = m.tabId;
  return v === undefined || v === 'active' || (typeof v === 'number' && Number.isInteger(v) && v >= 0)
    ? null
    : '"tabId" must be a tab id or "active" when given';
}

function requiredString(m: Record<string, unknown>, key: string): string | null {
  const v = m[key];
  return typeof v === 'string' && v.trim() !== ''
    ? null
    : `"${key}" is required and must be a non-empty string`;
}

export function checkRequest(message: unknown): Checked {
  if (!isRecord(message)) return { ok: false, error: 'A request must be an object with a "type".' };
  const type = message.type;
  if (typeof type !== 'string') return { ok: false, error: 'A request must have a string "type".' };
  if (!(REQUEST_TYPES as readonly string[]).includes(type)) {
    return { ok: false, error: `Unknown request type "${type}". Known types: ${REQUEST_TYPES.join(', ')}.` };
  }
  let problem: string | null = null;
  switch (type as Request['type']) {
    case 'state/get':
      problem = optionalString(message, 'site') ?? optionalBoolean(message, 'events');
      break;
    case 'export':
      problem = FORMATS.includes(message.format as ExportFormat)
        ? optionalString(message, 'site')
        : `"format" must be one of ${FORMATS.join(', ')}`;
      break;
    case 'import':
      problem =
        message.data === undefined ? '"data" is required: an exported document or its JSON text' : null;
      break;
    case 'rules/set':
      problem = isRecord(message.rules) ? null : '"rules" must be an object with "defaults" and/or "sites"';
      break;
    case 'settings/set':
      problem = isRecord(message.settings) ? null : '"settings" must be an object';
      break;
    case 'session/end':
      problem = requiredString(message, 'id');
      break;
    case 'site/simulate-browser-close':
    case 'site/forget':
      problem = requiredString(message, 'site');
      break;
    case 'site/cookies':
      problem =
        requiredString(message, 'site') ??
        optionalString(message, 'storeId') ??
        optionalUrl(message, 'url') ??
        optionalString(message, 'sessionId') ??
        optionalTab(message);
      break;
    case 'status/get':
      problem = optionalString(message, 'url');
      break;
    case 'capture/set':
      problem =
        requiredString(message, 'site') ??
        (typeof message.captured === 'boolean' ? null : '"captured" is required: true or false');
      break;
    default:
      break;
  }
  if (problem) return { ok: false, error: `Bad "${type}" request: ${problem}.` };
  return { ok: true, request: message as unknown as Request };
}
