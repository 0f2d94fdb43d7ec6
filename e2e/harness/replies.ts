// Most e2e steps expect the background to say yes; these turn a `{ ok: false }` into a thrown error that
// names the request, so a failing test says which message failed and why.
import type { ExportDocument } from '../../src/core/contract';
import type { Request } from '../../src/core/messages';
import type { Session } from './launch';

export async function sendOk(session: Session, request: Request): Promise<Record<string, unknown>> {
  const reply = (await session.send(request)) as { ok: boolean; error?: string } & Record<string, unknown>;
  if (!reply.ok) throw new Error(`${request.type} failed: ${reply.error}`);
  return reply;
}

export async function exportJson(session: Session): Promise<ExportDocument> {
  return (await sendOk(session, { type: 'export', format: 'json' })).data as ExportDocument;
}
