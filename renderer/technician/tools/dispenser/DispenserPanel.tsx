import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';

/** The technician panel's dispenser tool (issue 9). */
export function DispenserPanel({
  view: _view,
  send: _send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="tech-card tech-tool" data-tool="dispenser">
      <h2 className="tech-card__title">{t('technician.tools.dispenser.title')}</h2>
    </section>
  );
}
