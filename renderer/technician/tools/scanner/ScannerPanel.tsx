import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';
import type { ScannerToolView } from '../../../../contracts/technician/scanner';
import { ScanCard } from './ScanCard';
import './scanner.css';

/**
 * The technician panel's scanner test (issue 9 item 5): scan anything and see what the kiosk
 * read, newest first: the symbology, the text and, for a GS1 pack, each field with its check.
 * Prescriptions and badges are named, never shown.
 */
export function ScannerPanel({
  view,
  send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  const scanner: ScannerToolView = view.tools.scanner;
  const titleId = useId();
  return (
    <section
      className="tech-card tech-tool scanner"
      data-tool="scanner"
      data-scans={scanner.scans.length}
      aria-labelledby={titleId}
    >
      <h2 className="tech-card__title" id={titleId}>
        {t('technician.tools.scanner.title')}
      </h2>
      <p className="tech-card__about">{t('technician.tools.scanner.about')}</p>
      <div className="scanner__head">
        <p className="scanner__waiting" role="status">
          {scanner.scans.length === 0
            ? t('technician.tools.scanner.waiting')
            : t('technician.tools.scanner.shown', { shown: scanner.scans.length })}
        </p>
        {scanner.scans.length > 0 && (
          <button
            type="button"
            className="scanner__clear"
            data-action="tech-scanner-clear"
            onClick={() => send({ type: 'TECH_SCANNER_CLEAR' })}
          >
            {t('technician.tools.scanner.clear')}
          </button>
        )}
      </div>
      {scanner.scans.length > 0 && (
        <ol className="scanner__scans">
          {scanner.scans.map((scan) => (
            <ScanCard key={scan.id} scan={scan} />
          ))}
        </ol>
      )}
    </section>
  );
}
