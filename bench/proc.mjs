// CPU time of a whole browser (its process tree) from /proc, so that every process an extension makes
// Chromium use (browser, network service, renderers, the extension's worker) is counted.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields start after the last ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(f[1]),
      // utime, stime, cutime, cstime: children reaped during a load move their time into cutime/cstime.
      ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
    };
  } catch {
    return null;
  }
}

function allStats() {
  const stats = new Map();
  for (const name of readdirSync('/proc')) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    const s = readStat(name);
    if (s) stats.set(Number(name), s);
  }
  return stats;
}

/** Pids of `root` and all its descendants. */
export function processTree(root, stats = allStats()) {
  const children = new Map();
  for (const [pid, s] of stats) {
    if (!children.has(s.ppid)) children.set(s.ppid, []);
    children.get(s.ppid).push(pid);
  }
  const out = [];
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop();
    if (!stats.has(pid)) continue;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** CPU milliseconds (user + system) used so far by `root` and every process under it. */
export function treeCpuMs(root) {
  const stats = allStats();
  let ticks = 0;
  for (const pid of processTree(root, stats)) ticks += stats.get(pid).ticks;
  return ticks * TICK_MS;
}

/** The browser process a Playwright launch started: our child whose command line names the profile. */
export function findBrowserPid(userDataDir) {
  for (const [pid, s] of allStats()) {
    if (s.ppid !== process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(userDataDir)) return pid;
    } catch {}
  }
  return null;
}

/** Resident memory (PSS when readable, else RSS) of one process, in bytes. */
export function processMemoryBytes(pid) {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const m = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (m) return Number(m[1]) * 1024;
  } catch {}
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
    if (m) return Number(m[1]) * 1024;
  } catch {}
  return null;
}

/** Threads of the tree whose name starts with `prefix` (Chromium names its threads), with their CPU ms. */
export function threadsNamed(root, prefix) {
  const out = [];
  for (const pid of processTree(root)) {
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
        if (!comm.startsWith(prefix)) continue;
        const s = readStat(`${pid}/task/${tid}`);
        out.push({ pid, tid: Number(tid), comm, cpuMs: s ? s.ticks * TICK_MS : 0 });
      } catch {}
    }
  }
  return out;
}
