import { useEffect, useState } from 'react';

/**
 * Pages live in the URL fragment (`#/review`), so the hub serves one index.html for the whole
 * console, the back button works, and a pharmacist can bookmark a page.
 */

export const PAGES = [
  'review',
  'issue',
  'prescriptions',
  'kiosks',
  'settings',
  'fleet',
  'audit',
  // Technicians and stock (issues 7 and 9).
  'technicians',
  'stock',
] as const;
export type Page = (typeof PAGES)[number];

const pageOf = (hash: string): Page => {
  const name = hash.replace(/^#\/?/, '');
  return (PAGES as readonly string[]).includes(name) ? (name as Page) : 'review';
};

export function useHashRoute(): Page {
  const [page, setPage] = useState<Page>(() => pageOf(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setPage(pageOf(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return page;
}
