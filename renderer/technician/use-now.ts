import { useEffect, useState } from 'react';

/** The renderer's clock, re-read every `everyMs`, for texts such as "2 minutes ago". */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
