import type { ReactNode } from 'react';

/**
 * Around everything of the technician screen: any touch on it sends TECH_ACTIVITY, which keeps
 * the diagnostics machine's idle logout (5 min) and PIN timeout (2 min) from expiring. It takes
 * no room (display: contents), so the screen inside lays out as any other.
 */
export function TechActivity({
  onActivity,
  children,
}: {
  onActivity: () => void;
  children: ReactNode;
}) {
  return (
    <div className="tech-activity" onPointerDownCapture={onActivity}>
      {children}
    </div>
  );
}
