import { DATA_PROTECTION } from './shapes';
import { type Candidate, candidate, hasSibling, type RecognizeContext } from './types';

/** ASP.NET Core cookies that carry the login (authentication ticket) or the session key. */
const CORE_SESSIONS: Record<string, string> = {
  '.aspnetcore.session':
    'ASP.NET Core session middleware: a protected session key, the data stays on the server',
  '.aspnetcore.cookies': 'ASP.NET Core cookie authentication: the encrypted authentication ticket',
  '.aspnetcore.identity.application': 'ASP.NET Core Identity: the encrypted authentication ticket',
};
const CORE_OTHERS: Record<string, string> = {
  '.aspnetcore.identity.external': 'ASP.NET Core Identity external-login cookie',
  'identity.twofactoruserid': 'ASP.NET Core Identity two-factor cookie',
  '.aspnetcore.identity.twofactoruserid': 'ASP.NET Core Identity two-factor cookie',
  '.aspnetcore.identity.twofactorrememberme': 'ASP.NET Core Identity two-factor remember-me cookie',
  '.aspnetcore.mvc.cookietempdataprovider': 'ASP.NET Core TempData cookie',
  '.aspnetcore.culture': 'ASP.NET Core culture preference cookie',
};
const CHUNKS = /^chunks-(\d{1,3})$/;
const CHUNK_PART = /^(.+)C(\d{1,3})$/;
const ENVELOPE = 'value starts CfDJ8: an ASP.NET Core Data Protection payload';

export function recognizeAspnet(ctx: RecognizeContext): Candidate | null {
  const { lower, value, base } = ctx;
  if (lower === 'asp.net_sessionid') {
    const evidence = ['named ASP.NET_SessionId, the ASP.NET (Framework) session cookie'];
    if (/^[a-z0-5]{24}$/.test(value)) evidence.push('24 characters [a-z0-5]: an ASP.NET session id');
    return candidate({
      role: 'session',
      framework: 'aspnet',
      valueKind: 'opaque-id',
      confidence: 0.97,
      evidence,
    });
  }
  if (lower === '.aspxauth') {
    return candidate({
      role: 'session',
      framework: 'aspnet',
      valueKind: 'encrypted-data',
      confidence: 0.92,
      evidence: ['named .ASPXAUTH: the ASP.NET forms-authentication ticket (encrypted)'],
    });
  }
  if (lower.startsWith('.aspnetcore.antiforgery.') || lower === '__requestverificationtoken') {
    return candidate({
      role: 'companion',
      framework: 'aspnet',
      valueKind: 'encrypted-data',
      confidence: 0.9,
      evidence: [`named ${base}: ASP.NET's anti-forgery (CSRF) cookie`],
    });
  }
  const other = CORE_OTHERS[lower];
  if (other) {
    return candidate({
      role: 'other',
      framework: 'aspnet',
      confidence: 0.85,
      evidence: [`named ${base}: ${other}`],
    });
  }

  const chunks = CHUNKS.exec(value);
  const known = CORE_SESSIONS[lower];
  if (known || (chunks && chunkedLike(ctx))) {
    const evidence = [known ? `named ${base}: ${known}` : `named ${base}, chunked like ASP.NET Core cookies`];
    const hints: Record<string, string> = {};
    if (chunks) {
      evidence.push(
        `value "${value}": split into ${chunks[1]} cookies ${base}C1…C${chunks[1]} (ChunkingCookieManager)`,
      );
      hints.chunks = chunks[1]!;
    } else if (DATA_PROTECTION.test(value)) {
      evidence.push(ENVELOPE);
    }
    return candidate({
      role: 'session',
      framework: 'aspnet',
      valueKind: 'encrypted-data',
      confidence: known ? 0.95 : 0.8,
      evidence,
      hints,
    });
  }

  const part = CHUNK_PART.exec(base);
  if (part) {
    const owner = part[1]!;
    const ownerKnown = CORE_SESSIONS[owner.toLowerCase()] !== undefined;
    if (hasSibling(ctx, owner) || ownerKnown) {
      return candidate({
        role: 'companion',
        framework: 'aspnet',
        valueKind: 'encrypted-data',
        confidence: 0.9,
        evidence: [`named ${base}: chunk ${part[2]} of the chunked ${owner} cookie`],
        hints: { chunkOf: owner },
      });
    }
  }

  if (DATA_PROTECTION.test(value)) {
    return candidate({
      role: 'session',
      framework: 'aspnet',
      valueKind: 'encrypted-data',
      confidence: 0.65,
      evidence: [ENVELOPE, `named ${base}: likely an authentication cookie with a custom name`],
    });
  }
  return null;
}

/** A `chunks-N` value counts when its chunk cookies are really there, or the name is ASP.NET-like. */
function chunkedLike(ctx: RecognizeContext): boolean {
  return hasSibling(ctx, `${ctx.base}C1`) || ctx.lower.startsWith('.aspnetcore.');
}
