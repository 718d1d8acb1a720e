import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiEvent } from '../../../../contracts/bridge';
import type { RestockToolView, RestockVisitView } from '../../../../contracts/technician/restock';
import { BigButton } from '../../../components/BigButton';
import { CountStep } from './CountStep';
import { EntryList } from './EntryList';
import { OrderCard } from './OrderCard';
import { PackText } from './PackText';
import { RemovalCard } from './RemovalCard';

/** One slot's visit: the blind count, then scans in (load) or out (remove), and their list. */
export function VisitCard({
  restock,
  visit,
  send,
  notice,
}: {
  restock: RestockToolView;
  visit: RestockVisitView;
  send: (event: UiEvent) => void;
  notice: ReactNode;
}) {
  const { t } = useTranslation();
  const slot = restock.slots.find((s) => s.slot === visit.slot);
  const removal = restock.removal.filter((item) => item.slot === visit.slot);
  return (
    <div className="restock-visit" data-restock-visit={visit.slot} data-step={visit.step}>
      <h3 className="restock-visit__title">
        {t('technician.tools.restock.visit.title', { slot: visit.slot })}
        {slot?.gtin && (
          <span className="restock-visit__gtin">
            {' · '}
            {slot.medication ?? t('technician.tools.restock.visit.holds', { gtin: slot.gtin })}
          </span>
        )}
      </h3>
      {notice}
      {visit.step === 'count' || !visit.count ? (
        <CountStep key={visit.slot} slot={visit.slot} busy={restock.busy} send={send} />
      ) : (
        <>
          <CountResult count={visit.count} />
          <div
            className="restock-modes"
            role="group"
            aria-label={t('technician.tools.restock.mode.label')}
          >
            {(['load', 'remove'] as const).map((mode) => (
              <button
                key={mode}
                type="button"
                className="restock-mode"
                data-restock-mode={mode}
                aria-pressed={visit.step === mode}
                onClick={() => send({ type: 'TECH_RESTOCK_MODE', mode })}
              >
                {visit.step === mode && <span aria-hidden="true">● </span>}
                {t(`technician.tools.restock.mode.${mode}`)}
              </button>
            ))}
          </div>
          {visit.step === 'load' ? (
            <p className="restock-hint">{t('technician.tools.restock.load.hint')}</p>
          ) : (
            <>
              <p className="restock-hint">{t('technician.tools.restock.remove.hint')}</p>
              {removal.length === 0 ? (
                <p className="tech-card__about">{t('technician.tools.restock.remove.none')}</p>
              ) : (
                <RemovalCard items={removal} showAbout={false} />
              )}
              {visit.offList && (
                <div className="notice notice--single restock-offlist" role="alert">
                  <p>
                    {t('technician.tools.restock.remove.offList')} <PackText pack={visit.offList} />
                  </p>
                  <div className="tech-card__actions">
                    {(['damaged', 'other'] as const).map((reason) => (
                      <BigButton
                        key={reason}
                        label={t(`technician.tools.restock.remove.${reason}`)}
                        icon="close"
                        variant="secondary"
                        action={`restock-remove-${reason}`}
                        onPress={() => send({ type: 'TECH_RESTOCK_REMOVE_OFF_LIST', reason })}
                      />
                    ))}
                  </div>
                </div>
              )}
            </>
          )}
          <OrderCard order={restock.order} slot={visit.slot} />
          <EntryList entries={visit.entries} />
        </>
      )}
    </div>
  );
}

function CountResult({ count }: { count: NonNullable<RestockVisitView['count']> }) {
  const { t } = useTranslation();
  const same = count.counted === count.expected;
  return same ? (
    <p className="restock-count-result" data-discrepancy="false">
      <span aria-hidden="true">✓ </span>
      {t('technician.tools.restock.count.matches', { counted: count.counted })}
    </p>
  ) : (
    <p className="notice notice--single" role="alert" data-discrepancy="true">
      <span aria-hidden="true">⚠ </span>
      {t('technician.tools.restock.count.discrepancy', {
        counted: count.counted,
        expected: count.expected,
      })}
    </p>
  );
}
