/** Which site an observation is about, so `site/forget` can remove it from the stored timeline. */
import type { Observation } from '../core/observation';
import { siteOf, siteOfUrl } from '../core/site';

/** The site of the observation; null when it concerns no single site (startup, user idleness). */
export function siteOfObservation(obs: Observation): string | null {
  switch (obs.kind) {
    case 'cookie-set':
    case 'cookie-removed':
      return siteOf(obs.cookie.domain);
    case 'response':
    case 'activity':
    case 'tab':
      return siteOfUrl(obs.url);
    case 'user-action':
      return obs.site;
    default:
      return null;
  }
}

/** The observation without anything about `site`: null to drop it, itself when untouched. */
export function withoutSite(obs: Observation, site: string): Observation | null {
  if (obs.kind === 'startup') {
    const cookies = obs.cookies.filter((c) => siteOf(c.domain) !== site);
    return cookies.length === obs.cookies.length ? obs : { ...obs, cookies };
  }
  return siteOfObservation(obs) === site ? null : obs;
}
