import type { ReactNode } from 'react';

export interface ScreenLayoutProps {
  /** The value of data-screen: the stable hook e2e tests wait on. */
  screen: string;
  tone?: 'calm' | 'good' | 'warning';
  picture?: ReactNode;
  title: string;
  /** What the patient reads: messages, notices, the order. No buttons here. */
  children?: ReactNode;
  /** Controls other than the action buttons (the keypad and what it fills in). */
  controls?: ReactNode;
  /** Buttons, Cancel first so it always sits in the same place. */
  actions?: ReactNode;
  /** Extra data- hooks on the screen (its state, for tests that must not depend on the words). */
  data?: Record<`data-${string}`, string | number | undefined>;
}

/**
 * One screen: a picture, a big title and a few lines to read, then everything to touch in one
 * block (`screen__reach`) along the bottom. Keeping the two apart is what lets the low-position
 * layout put every control in the lower half of the screen without moving the words.
 */
export function ScreenLayout({
  screen,
  tone = 'calm',
  picture,
  title,
  children,
  controls,
  actions,
  data,
}: ScreenLayoutProps) {
  return (
    <main className={`screen screen--${tone} screen--${screen}`} data-screen={screen} {...data}>
      <div className="screen__body">
        {picture && <div className="screen__picture">{picture}</div>}
        <h1 className="screen__title">{title}</h1>
        {children}
      </div>
      {(controls || actions) && (
        <div className="screen__reach">
          {controls}
          {actions && <div className="screen__actions">{actions}</div>}
        </div>
      )}
    </main>
  );
}
