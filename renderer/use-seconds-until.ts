import { useEffect, useState } from 'react';

/** How often the countdown re-renders; display only, main owns the timeout itself. */
const TICK_MS = 250;

/** Whole seconds left until an epoch-ms deadline (never negative), re-rendered while it runs. */
export function useSecondsUntil(deadline: number | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [deadline]);
  if (deadline === undefined) return undefined;
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}
