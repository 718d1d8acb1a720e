import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';

/** The technician panel's scanner tool (issue 9). */
export function ScannerPanel({
  view: _view,
  send: _send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="tech-card tech-tool" data-tool="scanner">
      <h2 className="tech-card__title">{t('technician.tools.scanner.title')}</h2>
    </section>
  );
}
