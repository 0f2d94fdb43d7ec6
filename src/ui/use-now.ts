import { useEffect, useRef, useState } from 'preact/hooks';

/** The current time, re-rendered every second for countdowns, corrected by the background's clock offset. */
export function useNow(offsetMs = 0): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now + offsetMs;
}

/**
 * Runs `fn` now (and again whenever `deps` change), then every `ms` while mounted. The latest `fn`
 * and `ms` are used at each tick, so a changed interval does not cause an extra run.
 */
export function usePoll(fn: () => void | Promise<void>, ms: number, deps: unknown[]): void {
  const latest = useRef({ fn, ms });
  latest.current = { fn, ms };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      try {
        await latest.current.fn();
      } finally {
        // The next fetch waits for this one: a slow background is never asked twice at once.
        if (!stopped) timer = setTimeout(tick, latest.current.ms);
      }
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, deps);
}
