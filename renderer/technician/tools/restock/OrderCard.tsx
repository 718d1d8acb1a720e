import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RestockToolView } from '../../../../contracts/technician/restock';
import { ProgressBar } from './ProgressBar';

type Order = NonNullable<RestockToolView['order']>;

/** The pharmacist's restock order: per line, ordered, loaded since it came, and still missing. */
export function OrderCard({ order, slot }: { order: Order | null; slot?: number }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  if (!order) {
    return slot === undefined ? (
      <p className="tech-card__about" data-restock-order="none">
        {t('technician.tools.restock.order.none')}
      </p>
    ) : null;
  }
  const lines = slot === undefined ? order.lines : order.lines.filter((l) => l.slot === slot);
  if (lines.length === 0) return null;
  return (
    <section
      className="restock-section"
      aria-labelledby={headingId}
      data-restock-order={order.orderId}
    >
      <h3 className="restock-section__title" id={headingId}>
        {t('technician.tools.restock.order.title')}
      </h3>
      <p className="tech-card__about">
        {t('technician.tools.restock.order.about', {
          by: order.createdBy,
          date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(
            order.createdAt,
          ),
        })}
      </p>
      {order.note && (
        <p className="tech-card__about">
          {t('technician.tools.restock.order.note', { note: order.note })}
        </p>
      )}
      <ul className="restock-list">
        {lines.map((line) => (
          <li
            key={`${line.slot}-${line.gtin}`}
            className="restock-list__item restock-order__line"
            data-order-slot={line.slot}
            data-missing={line.missing}
          >
            <span className="restock-order__what">
              {t('technician.tools.restock.order.line', {
                slot: line.slot,
                medication: line.medication,
              })}{' '}
              <span className="restock-pack">({line.gtin})</span>
            </span>
            <ProgressBar done={line.loaded} total={line.ordered} />
            <span>
              {line.missing === 0 && <span aria-hidden="true">✓ </span>}
              {t(
                line.missing === 0
                  ? 'technician.tools.restock.order.complete'
                  : 'technician.tools.restock.order.progress',
                { loaded: line.loaded, ordered: line.ordered, missing: line.missing },
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
