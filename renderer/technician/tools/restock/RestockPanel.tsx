import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';

/** The technician panel's restock tool (issue 9). */
export function RestockPanel({
  view: _view,
  send: _send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="tech-card tech-tool" data-tool="restock">
      <h2 className="tech-card__title">{t('technician.tools.restock.title')}</h2>
    </section>
  );
}
