// Process-tree handling through /proc: browsers fork helpers (zygotes, content processes) that a
// plain kill of the launcher's child would leave running.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { delay } from './wait';

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Processes whose command line contains `needle` (e.g. a profile path), never this process. */
export function pidsMentioning(needle: string): number[] {
  return allPids().filter((pid) => pid !== process.pid && commandLine(pid).includes(needle));
}

/** The given processes and all their descendants. */
export function withDescendants(roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const parent = parentOf(pid);
    if (parent === null) continue;
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid) || pid === process.pid) continue;
    seen.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return [...seen];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILLs at once (synchronous, so it also works in an exit handler). Returns the pids signalled. */
export function killTreeSync(roots: number[]): number[] {
  const pids = withDescendants(roots);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids;
}

/** SIGKILLs the trees and waits until they are gone (zombies of other parents excepted). */
export async function killTree(roots: number[], timeout = 10_000): Promise<void> {
  const pids = killTreeSync(roots);
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline && pids.some((pid) => isAlive(pid) && !isZombie(pid))) await delay(50);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Deletes a folder, retrying while a dying browser still writes into it. */
export async function removeDir(path: string, attempts = 10): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
      return;
    } catch (error) {
      if (i >= attempts) throw error;
      await delay(200 * i);
    }
  }
}
