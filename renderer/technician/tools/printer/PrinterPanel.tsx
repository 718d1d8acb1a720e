import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';

/** The technician panel's printer tool (issue 9). */
export function PrinterPanel({
  view: _view,
  send: _send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="tech-card tech-tool" data-tool="printer">
      <h2 className="tech-card__title">{t('technician.tools.printer.title')}</h2>
    </section>
  );
}
