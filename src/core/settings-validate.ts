/**
 * Validating a settings change from the options page (`settings/set`). A patch is a partial Settings:
 * what it names replaces the current value (lists are replaced whole), nothing else changes. Every
 * problem comes back with the path of its field, so the form can show it beside that field; one bad
 * field rejects the whole patch, so settings are never half-applied.
 */
import type { FieldError } from './messages';
import type { HeaderCaptureMode, Settings } from './settings';

export type MergeResult = { ok: true; settings: Settings } | { ok: false; errors: FieldError[] };

const MODES: readonly HeaderCaptureMode[] = ['all', 'sites', 'off'];
/** More sites than anyone types by hand; keeps a hostile patch from growing storage without bound. */
export const MAX_SITES = 1000;

export function mergeSettings(current: Settings, patch: unknown): MergeResult {
  const errors: FieldError[] = [];
  const next: Settings = {
    headerCapture: { mode: current.headerCapture.mode, sites: [...current.headerCapture.sites] },
    retention: { ...current.retention },
    exportIncludesValues: current.exportIncludesValues,
    storePrivate: current.storePrivate,
    notifySites: [...current.notifySites],
  };
  const top = objectOf(patch, '', errors);
  if (!top) return { ok: false, errors };

  for (const [key, value] of Object.entries(top)) {
    // A key present with `undefined` (DeepPartial allows it) means "not given".
    if (value === undefined) continue;
    switch (key) {
      case 'headerCapture': {
        const group = objectOf(value, key, errors);
        if (!group) break;
        for (const [inner, innerValue] of Object.entries(group)) {
          const path = `${key}.${inner}`;
          if (innerValue === undefined) continue;
          if (inner === 'mode') {
            if (MODES.includes(innerValue as HeaderCaptureMode)) {
              next.headerCapture.mode = innerValue as HeaderCaptureMode;
            } else errors.push({ path, message: 'must be one of all, sites, off' });
          } else if (inner === 'sites') {
            const sites = siteListOf(innerValue, path, errors);
            if (sites) next.headerCapture.sites = sites;
          } else errors.push({ path, message: 'unknown setting' });
        }
        break;
      }
      case 'retention': {
        const group = objectOf(value, key, errors);
        if (!group) break;
        for (const [inner, innerValue] of Object.entries(group)) {
          const path = `${key}.${inner}`;
          if (innerValue === undefined) continue;
          if (inner === 'maxEventsPerSite') {
            if (isWholeIn(innerValue, 100, 1_000_000)) next.retention.maxEventsPerSite = innerValue;
            else errors.push({ path, message: 'must be a whole number of events from 100 to 1,000,000' });
          } else if (inner === 'maxAgeDays') {
            if (isWholeIn(innerValue, 1, 3650)) next.retention.maxAgeDays = innerValue;
            else errors.push({ path, message: 'must be a whole number of days from 1 to 3650' });
          } else errors.push({ path, message: 'unknown setting' });
        }
        break;
      }
      case 'exportIncludesValues':
      case 'storePrivate':
        if (typeof value === 'boolean') next[key] = value;
        else errors.push({ path: key, message: 'must be true or false' });
        break;
      case 'notifySites': {
        const sites = siteListOf(value, key, errors);
        if (sites) next.notifySites = sites;
        break;
      }
      default:
        errors.push({ path: key, message: 'unknown setting' });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings: next };
}

const INVALID_HOST = 'is not a valid host name (letters, digits, dots and inner hyphens only)';

export type SiteNameResult = { ok: true; site: string } | { ok: false; message: string };

/**
 * A site as the user types it: a host or registrable domain (`example.com`, `app.example.co.uk`),
 * `localhost`, an IPv4 address or an IPv6 address (bracketed or not). Case and surrounding spaces are
 * forgiven and normalised; a URL, a port, a path or a wildcard is refused with a message that says why.
 */
export function validateSiteName(input: unknown): SiteNameResult {
  if (typeof input !== 'string') return { ok: false, message: 'must be a site name, like example.com' };
  let name = input.trim().toLowerCase();
  if (name === '') return { ok: false, message: 'must not be empty' };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(name)) {
    return { ok: false, message: `enter the site's name (like example.com), not a URL` };
  }
  if (name.includes('*'))
    return { ok: false, message: 'wildcards are not needed: a site covers its subdomains' };
  if (name.includes('/')) return { ok: false, message: 'enter the site name only, without a path' };
  const bracketed = /^\[([0-9a-f:.]+)\]$/.exec(name);
  const v6 = bracketed?.[1] ?? name;
  if (isIpv6(v6)) {
    // Canonical form (`[::1]`, as URL.hostname gives it), so one address is one site.
    const canonical = punycodeOf(`[${v6}]`);
    return canonical ? { ok: true, site: canonical } : { ok: false, message: 'is not a valid IPv6 address' };
  }
  if (/:\d*$/.test(name)) return { ok: false, message: 'enter the site name without a port' };
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (/^\d+(\.\d+){3}$/.test(name)) {
    return name.split('.').every((part) => Number(part) <= 255 && String(Number(part)) === part)
      ? { ok: true, site: name }
      : { ok: false, message: 'is not a valid IPv4 address' };
  }
  if (/[^\x21-\x7e]/.test(name)) {
    // An internationalized name: the browser reports cookies under its punycode (xn--) form.
    const ascii = punycodeOf(name);
    if (ascii === null) return { ok: false, message: INVALID_HOST };
    name = ascii;
  }
  if (name.length > 253) return { ok: false, message: 'is longer than a host name can be (253 characters)' };
  const labels = name.split('.');
  for (const label of labels) {
    if (!/^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(label)) {
      return {
        ok: false,
        message: `is not a valid host name (letters, digits, dots and inner hyphens only)`,
      };
    }
  }
  if (labels.every((label) => /^\d+$/.test(label))) return { ok: false, message: 'is not a valid host name' };
  return { ok: true, site: name };
}

function punycodeOf(name: string): string | null {
  try {
    const host = new URL(`http://${name}/`).hostname;
    return /^[\x21-\x7e]+$/.test(host) ? host : null;
  } catch {
    return null;
  }
}

function isIpv6(text: string): boolean {
  if (!text.includes(':') || !/^[0-9a-f:.]+$/.test(text)) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = halves.flatMap(groups);
  const last = all[all.length - 1];
  const hasV4 = last?.includes('.') ?? false;
  if (hasV4 && !/^\d+(\.\d+){3}$/.test(last!)) return false;
  const hexGroups = hasV4 ? all.slice(0, -1) : all;
  if (!hexGroups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return false;
  const width = hexGroups.length + (hasV4 ? 2 : 0);
  return halves.length === 2 ? width < 8 : width === 8;
}

function siteListOf(value: unknown, path: string, errors: FieldError[]): string[] | null {
  if (!Array.isArray(value)) {
    errors.push({ path, message: 'must be a list of site names' });
    return null;
  }
  if (value.length > MAX_SITES) {
    errors.push({ path, message: `must list at most ${MAX_SITES} sites` });
    return null;
  }
  const sites: string[] = [];
  let failed = false;
  value.forEach((item, index) => {
    const result = validateSiteName(item);
    if (result.ok) {
      if (!sites.includes(result.site)) sites.push(result.site);
    } else {
      failed = true;
      const shown = typeof item === 'string' ? `"${item.slice(0, 60)}" ` : '';
      errors.push({ path: `${path}[${index}]`, message: `${shown}${result.message}`.trim() });
    }
  });
  return failed ? null : sites;
}

function objectOf(value: unknown, path: string, errors: FieldError[]): Record<string, unknown> | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  errors.push({ path, message: path === '' ? 'settings must be an object' : 'must be an object' });
  return null;
}

function isWholeIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
