import type { ReactNode } from 'react';

export interface ScreenLayoutProps {
  /** The value of data-screen: the stable hook e2e tests wait on. */
  screen: string;
  tone?: 'calm' | 'good' | 'warning';
  picture?: ReactNode;
  title: string;
  children?: ReactNode;
  /** Buttons, Cancel first so it always sits in the same place. */
  actions?: ReactNode;
}

/** One screen: a picture, a big title, a few lines, and the buttons along the bottom. */
export function ScreenLayout({
  screen,
  tone = 'calm',
  picture,
  title,
  children,
  actions,
}: ScreenLayoutProps) {
  return (
    <main className={`screen screen--${tone} screen--${screen}`} data-screen={screen}>
      <div className="screen__body">
        {picture && <div className="screen__picture">{picture}</div>}
        <h1 className="screen__title">{title}</h1>
        {children}
      </div>
      {actions && <div className="screen__actions">{actions}</div>}
    </main>
  );
}
