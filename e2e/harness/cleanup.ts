// Everything the harness starts is registered here, so it is stopped when a test file ends (see
// setup.ts), when this process exits, and, as a last resort, by the global teardown.
import { rmSync } from 'node:fs';
import { ownedRunDir } from './paths';
import { killTreeSync, pidsMentioning } from './processes';

export interface Resource {
  /** What it is, for messages. */
  readonly label: string;
  /** Graceful stop (may take a while). */
  dispose(): Promise<void>;
  /** Synchronous last-resort kill for process exit: SIGKILL, delete folders. */
  disposeSync(): void;
}

const live = new Set<Resource>();

export function track(resource: Resource): void {
  live.add(resource);
}

export function untrack(resource: Resource): void {
  live.delete(resource);
}

export function liveResources(): Resource[] {
  return [...live];
}

/** Stops every live browser session and server. Errors are collected and thrown together at the end. */
export async function disposeAll(): Promise<void> {
  const errors: string[] = [];
  // Browsers before servers: a browser closing may still talk to its site.
  const order = [...live].reverse();
  for (const resource of order) {
    try {
      await resource.dispose();
    } catch (error) {
      errors.push(`${resource.label}: ${error instanceof Error ? error.message : String(error)}`);
      resource.disposeSync();
    }
    live.delete(resource);
  }
  if (errors.length > 0) throw new Error(`cleanup failed:\n${errors.join('\n')}`);
}

/** Kills every process that mentions `dir` in its command line (and their trees), then deletes `dir`. */
export function killAndRemoveSync(dir: string): void {
  killTreeSync(pidsMentioning(dir));
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch {
    // The global teardown retries.
  }
}

let exitHookInstalled = false;
export function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const disposeEverythingSync = () => {
    for (const resource of live) resource.disposeSync();
    live.clear();
    const runDir = ownedRunDir();
    if (runDir) killAndRemoveSync(runDir);
  };
  process.on('exit', disposeEverythingSync);
  // Browsers run detached from us: a signal that ends this process would orphan them otherwise
  // (e.g. `timeout` killing a vitest run, whose workers then get SIGTERM).
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const) {
    process.once(signal, () => {
      disposeEverythingSync();
      process.exit(code);
    });
  }
}
