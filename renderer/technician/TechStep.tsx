import type { ReactNode } from 'react';
import type { TechnicianView } from '../../contracts/bridge';

/**
 * What one technician step says, marked with `data-step` (and any other `data-` hook) for tests
 * that must not depend on the words. Inside the screen's `<main data-screen="technician">`, so
 * `[data-screen="technician"] [data-step="pin"]` finds it; it takes no room of its own.
 */
export function TechStep({
  step,
  data,
  children,
}: {
  step: TechnicianView['step'];
  data?: Record<`data-${string}`, string | number | undefined>;
  children: ReactNode;
}) {
  return (
    <div className="tech-step" data-step={step} {...data}>
      {children}
    </div>
  );
}
