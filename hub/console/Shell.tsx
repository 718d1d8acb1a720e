import type { Me } from '../pharmacy/console-api';
import { AuditPage } from './pages/AuditPage';
import { FleetPage } from './pages/FleetPage';
import { IssuePage } from './pages/IssuePage';
import { KiosksPage } from './pages/KiosksPage';
import { PrescriptionsPage } from './pages/PrescriptionsPage';
import { ReviewPage } from './pages/ReviewPage';
import { StockPage } from './pages/StockPage';
import { TechniciansPage } from './pages/TechniciansPage';
import { SiteSettingsPage } from './pages/SiteSettingsPage';
import { useHashRoute, type Page } from './use-hash-route';

const NAV: readonly { page: Page; label: string }[] = [
  { page: 'review', label: 'Review queue' },
  { page: 'issue', label: 'New prescription' },
  { page: 'prescriptions', label: 'Refills, revocations, recalls' },
  { page: 'kiosks', label: 'Kiosks and sites' },
  { page: 'settings', label: 'Site settings' },
  { page: 'fleet', label: 'Fleet dashboard' },
  { page: 'stock', label: 'Restock and cold chain' },
  { page: 'technicians', label: 'Technicians and badges' },
  { page: 'audit', label: 'Audit log' },
];

const PAGE_VIEWS: Record<Page, () => React.JSX.Element> = {
  review: ReviewPage,
  issue: IssuePage,
  prescriptions: PrescriptionsPage,
  kiosks: KiosksPage,
  settings: SiteSettingsPage,
  fleet: FleetPage,
  audit: AuditPage,
  technicians: TechniciansPage,
  stock: StockPage,
};

/** The signed-in console: a header with who is signed in, the page list, and the current page. */
export function Shell({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const page = useHashRoute();
  const View = PAGE_VIEWS[page];
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="shell__header">
        <p className="shell__brand">OpenDispense hub</p>
        <p className="shell__who">
          Signed in as <strong>{me.displayName}</strong> ({me.username})
        </p>
        <button type="button" className="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Console pages" className="shell__nav">
        <ul>
          {NAV.map((n) => (
            <li key={n.page}>
              <a href={`#/${n.page}`} aria-current={page === n.page ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="content" className="shell__main" data-page={page} tabIndex={-1}>
        <View key={page} />
      </main>
    </div>
  );
}
