import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemovalItemView } from '../../../../contracts/technician/restock';
import { PackText } from './PackText';

/** The guided removal list, slot by slot: each pack that must come out and why. */
export function RemovalCard({
  items,
  showAbout = true,
}: {
  items: readonly RemovalItemView[];
  showAbout?: boolean;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const slots = [...new Set(items.map((item) => item.slot))];
  return (
    <section className="restock-section" aria-labelledby={headingId} data-restock-removal>
      <h3 className="restock-section__title" id={headingId}>
        {t('technician.tools.restock.removal.title')}
      </h3>
      {showAbout && (
        <p className="tech-card__about">{t('technician.tools.restock.removal.about')}</p>
      )}
      {items.length === 0 ? (
        <p className="tech-card__about">{t('technician.tools.restock.removal.none')}</p>
      ) : (
        slots.map((slot) => (
          <div key={slot} className="restock-removal__slot">
            <h4 className="restock-removal__title">
              {t('technician.tools.restock.removal.slot', { slot })}
            </h4>
            <ul className="restock-list">
              {items
                .filter((item) => item.slot === slot)
                .map((item, index) => (
                  <li
                    key={`${item.pack.gtin}-${item.pack.lot}-${item.pack.serial ?? index}`}
                    className="restock-list__item"
                    data-removal-reason={item.reason}
                    data-lot={item.pack.lot}
                  >
                    <strong className="restock-tag restock-tag--warn">
                      <span aria-hidden="true">⚠ </span>
                      {t(`technician.tools.restock.reason.${item.reason}`)}
                    </strong>
                    <PackText pack={item.pack} />
                  </li>
                ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}
