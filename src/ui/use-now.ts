import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

/** False while the view is hidden (a DevTools panel the user switched away from): no clock ticks then. */
export const Ticking = createContext(true);

/** The current time, re-rendered every second for countdowns, corrected by the background's clock offset. */
export function useNow(offsetMs = 0): number {
  const ticking = useContext(Ticking);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now + offsetMs;
}
