import { OPAQUE } from './shapes';
import { type Candidate, candidate, type RecognizeContext } from './types';

/** A session-ish word as the whole name or its last part (`sid`, `app_sid`, `my.session`, `x-auth`). */
const SESSION_NAME =
  /^(?:.*[_.-])?(?:session|sess|sid|ssid|sessid|session[_-]?id|session[_-]?token|auth|auth[_-]?token|token)$/i;
const CONTAINS_SESSION = /sess/i;

/** Cookies everyone has that never carry a session: analytics, consent, load balancers, preferences. */
const NOT_SESSIONS: [RegExp, string][] = [
  [/^(?:_ga|_ga_.+|_gid|_gat.*|__utm[a-z]+|_gcl_.+|_dc_gtm_.+)$/i, 'a Google Analytics/Ads cookie'],
  [/^(?:_fbp|_fbc|fr)$/i, 'a Facebook pixel cookie'],
  [
    /^(?:_hj.+|_clck|_clsk|_uetsid|_uetvid|ajs_.+|mp_.+|amplitude.*|_pk_.+|__hs.+|hubspotutk|_mkto_trk)$/i,
    'an analytics cookie',
  ],
  [/^(?:__cf_bm|cf_clearance|_cfuvid|__cflb)$/i, 'a Cloudflare bot-management cookie'],
  [
    /^(?:awsalb|awsalbcors|awsalbtg|awsalbtgcors|awselb|awselbcors)$/i,
    'an AWS load-balancer stickiness cookie',
  ],
  [/^(?:__stripe_mid|__stripe_sid)$/i, 'a Stripe fraud-prevention cookie'],
  [/^(?:nid|1p_jar|aec|consent|socs)$/i, 'a Google preference/consent cookie'],
  [
    /^(?:cookieconsent_status|cookieconsent|cookielawinfo.*|optanonconsent|optanonalertboxclosed|euconsent(?:-v2)?|cmplz_.+|borlabs-cookie)$/i,
    'a cookie-consent record',
  ],
  [
    /^(?:theme|lang|language|locale|i18n|timezone|tz|dark[_-]?mode|color[_-]?scheme|currency|sidebar.*)$/i,
    'a preference (theme, language…)',
  ],
];

export function recognizeGeneric(ctx: RecognizeContext): Candidate | null {
  const { base, lower, value } = ctx;
  for (const [pattern, what] of NOT_SESSIONS) {
    if (pattern.test(base)) {
      return candidate({
        role: 'other',
        framework: null,
        confidence: 0.9,
        evidence: [`named ${base}: ${what}, not a session`],
      });
    }
  }
  if (lower.startsWith('wordpress_logged_in_')) {
    return candidate({
      role: 'session',
      framework: null,
      valueKind: 'opaque-id',
      confidence: 0.85,
      evidence: [`named ${base}: the WordPress login cookie`],
    });
  }
  if (lower.startsWith('wordpress_sec_') || lower.startsWith('wp-settings-')) {
    return candidate({
      role: 'companion',
      framework: null,
      confidence: 0.8,
      evidence: [`named ${base}: a WordPress companion of the login cookie`],
    });
  }
  if (/^(?:csrf[_-]?token|_csrf|csrf|xsrf-token|_xsrf)$/i.test(base)) {
    return candidate({
      role: 'companion',
      framework: null,
      valueKind: 'opaque-id',
      confidence: 0.6,
      evidence: [`named ${base}: a CSRF token, companion of a session`],
    });
  }
  const named = SESSION_NAME.test(base);
  if (!named && !CONTAINS_SESSION.test(base)) return null;
  const opaque = OPAQUE.test(value);
  const evidence = [
    named ? `named ${base}, a common name for a session cookie` : `named ${base}, which mentions "sess"`,
  ];
  if (opaque) evidence.push('the value looks like a random id');
  return candidate({
    role: 'session',
    framework: null,
    valueKind: opaque ? 'opaque-id' : 'unknown',
    confidence: named ? 0.5 : 0.35,
    evidence,
  });
}
