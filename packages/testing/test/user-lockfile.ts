// A lockfile for a user's project whose dependencies this repository also has: their entries copied from
// the repository's own lockfile, so `npm install --offline` takes every tarball from the cache that
// `npm ci` filled (that cache holds tarballs, not the registry's package documents a range needs).
import { readFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
}

interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** Where Node resolves `name` from the package at `from` (its own node_modules, then its parents'). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const path = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[path]) return path;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

export function userLockfile(
  repoLockfile: string,
  project: { name: string; devDependencies: Record<string, string> },
  local: { name: string; entry: LockEntry },
): Lockfile {
  const repo = JSON.parse(readFileSync(repoLockfile, 'utf8')) as Lockfile;
  const packages: Record<string, LockEntry> = {
    '': { name: project.name, devDependencies: project.devDependencies },
    [`node_modules/${local.name}`]: local.entry,
  };
  const queue = Object.keys(project.devDependencies)
    .filter((name) => name !== local.name)
    .map((name) => ({ from: '', name }));
  queue.push(...Object.keys(local.entry.peerDependencies ?? {}).map((name) => ({ from: '', name })));
  while (queue.length > 0) {
    const { from, name } = queue.pop()!;
    const path = locate(repo.packages, from, name);
    if (!path || packages[path]) continue;
    const entry = repo.packages[path]!;
    packages[path] = entry;
    for (const deps of [entry.dependencies, entry.optionalDependencies, entry.peerDependencies]) {
      for (const dep of Object.keys(deps ?? {})) queue.push({ from: path, name: dep });
    }
  }
  return { lockfileVersion: 3, packages, ...{ name: project.name, requires: true } };
}
