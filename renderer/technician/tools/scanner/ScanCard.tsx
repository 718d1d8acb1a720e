import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScannerScanView } from '../../../../contracts/technician/scanner';
import { Gs1Table } from './Gs1Table';

/** hh:mm:ss of a scan (kiosk clock). */
const timeText = (at: number, language: string): string =>
  new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(at);

/** Main shows GS (the GS1 separator) as U+241D, which few fonts draw: it is boxed "GS" here. */
function ScanText({ text }: { text: string }) {
  const parts = text.split('\u241d');
  return parts.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <span className="scanner-scan__gs">GS</span>}
      {part}
    </Fragment>
  ));
}

/**
 * One scan: its symbology (and AIM), when, how long; then what it holds. A prescription token or
 * a service badge is never shown, only named with its length (main sends no text for them).
 */
export function ScanCard({ scan }: { scan: ScannerScanView }) {
  const { t, i18n } = useTranslation();
  const symbology =
    scan.symbology ??
    (scan.aim === null
      ? t('technician.tools.scanner.noAim')
      : t('technician.tools.scanner.unknownSymbology'));
  return (
    <li className="scanner-scan" data-scan-id={scan.id} data-kind={scan.kind}>
      <h3 className="scanner-scan__title">
        <span data-symbology>{symbology}</span>
        {scan.aim !== null && <code className="tech-code">{scan.aim}</code>}
      </h3>
      <p className="scanner-scan__facts">
        {t('technician.tools.scanner.facts', {
          time: timeText(scan.at, i18n.language),
          length: new Intl.NumberFormat(i18n.language).format(scan.length),
        })}
      </p>
      {scan.kind === 'prescription' || scan.kind === 'badge' ? (
        <p className="scanner-scan__hidden" data-hidden={scan.kind}>
          {t(`technician.tools.scanner.hidden.${scan.kind}`)}
        </p>
      ) : (
        <p className="scanner-scan__text">
          <span className="scanner-scan__label">{t('technician.tools.scanner.text')}</span>
          <code className="tech-code" data-scan-text>
            <ScanText text={scan.text ?? ''} />
          </code>
        </p>
      )}
      {scan.gs1 && <Gs1Table breakdown={scan.gs1} />}
    </li>
  );
}
