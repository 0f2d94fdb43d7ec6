// An X display for a headed browser: the one in DISPLAY when there is one, else a private Xvfb that this
// process starts and stops. Xvfb chooses a free display number itself (-displayfd), so runs side by side
// never collide over a number.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Resource, track, untrack } from './cleanup';
import { withTimeout } from './wait';

export const XVFB_PATH = process.env.XVFB_PATH || '/usr/bin/Xvfb';

export interface XDisplay {
  /** The value for DISPLAY, e.g. `:99`. */
  readonly name: string;
  /** Stops the Xvfb this started; nothing for a display that was already there. */
  stop(): Promise<void>;
}

/** Why no display can be had here (a test skips with it), or undefined when one can. */
export function noDisplayReason(): string | undefined {
  if (process.env.DISPLAY) return undefined;
  if (!existsSync(XVFB_PATH)) {
    return `no DISPLAY and no Xvfb at ${XVFB_PATH} (apt-get install xvfb, or set XVFB_PATH)`;
  }
  return undefined;
}

export async function openDisplay(): Promise<XDisplay> {
  const existing = process.env.DISPLAY;
  if (existing) return { name: existing, stop: async () => {} };
  const reason = noDisplayReason();
  if (reason) throw new Error(reason);
  const child = spawn(XVFB_PATH, ['-displayfd', '1', '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const xvfb = new Xvfb(child);
  track(xvfb);
  try {
    const number = await withTimeout(xvfb.displayNumber, 20_000, 'Xvfb to report its display number');
    return { name: `:${number}`, stop: () => xvfb.dispose() };
  } catch (error) {
    xvfb.disposeSync();
    throw new Error(`Xvfb did not start: ${String(error)}\n${xvfb.stderr}`);
  }
}

class Xvfb implements Resource {
  readonly label: string;
  readonly displayNumber: Promise<number>;
  stderr = '';
  private readonly exited: Promise<void>;

  constructor(private readonly child: ChildProcess) {
    this.label = `Xvfb (pid ${child.pid})`;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.displayNumber = new Promise((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = /^(\d+)\n/.exec(out);
        if (line) resolve(Number(line[1]));
      });
      child.once('exit', (code, signal) => reject(new Error(`Xvfb exited (${code ?? signal})`)));
      child.once('error', reject);
    });
  }

  async dispose(): Promise<void> {
    untrack(this);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await withTimeout(this.exited, 10_000, 'Xvfb to exit').catch(() => this.child.kill('SIGKILL'));
  }

  disposeSync(): void {
    untrack(this);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
