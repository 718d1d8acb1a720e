import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';
import type { RestockToolView } from '../../../../contracts/technician/restock';
import { BigButton } from '../../../components/BigButton';
import { OrderCard } from './OrderCard';
import { RemovalCard } from './RemovalCard';
import { SlotChoice } from './SlotChoice';
import { VisitCard } from './VisitCard';
import './restock.css';

/**
 * The technician panel's restock tool (issue 9 item 6): choose a slot, count it blind, then scan
 * packs in (or, from the guided removal list, out); the restock order's progress beside it.
 */
export function RestockPanel({
  view,
  send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  const restock: RestockToolView = view.tools.restock;
  const titleId = useId();
  const notice = restock.notice && (
    <p className="notice notice--single" role="alert" data-restock-notice={restock.notice}>
      {t(`technician.tools.restock.notice.${restock.notice}`)}
    </p>
  );
  return (
    <section
      className="tech-card tech-tool restock"
      data-tool="restock"
      data-busy={String(restock.busy)}
      aria-labelledby={titleId}
    >
      <h2 className="tech-card__title" id={titleId}>
        {t('technician.tools.restock.title')}
      </h2>
      {restock.visit ? (
        <>
          <VisitCard restock={restock} visit={restock.visit} send={send} notice={notice} />
          <BigButton
            label={t('technician.tools.restock.visit.done')}
            icon="finish"
            variant="secondary"
            action="restock-done"
            onPress={() => send({ type: 'TECH_RESTOCK_DONE' })}
          />
        </>
      ) : (
        <>
          {notice}
          <SlotChoice slots={restock.slots} send={send} />
          <RemovalCard items={restock.removal} />
          <OrderCard order={restock.order} />
        </>
      )}
    </section>
  );
}
