import type { ReactNode } from 'react';

/**
 * The answer to the last action on a form: errors are announced at once (role="alert"), a
 * success politely (role="status"), so a screen reader user hears what happened.
 */
export type Outcome =
  { kind: 'ok'; message: ReactNode } | { kind: 'error'; message: string } | undefined;

export function OutcomeMessage({ outcome }: { outcome: Outcome }) {
  if (!outcome) return <div role="status" className="outcome outcome--empty" />;
  return outcome.kind === 'error' ? (
    <div role="alert" className="outcome outcome--error">
      {outcome.message}
    </div>
  ) : (
    <div role="status" className="outcome outcome--ok">
      {outcome.message}
    </div>
  );
}
