import { useTranslation } from 'react-i18next';
import type { Pack } from '../../../../contracts/journal-events';

/** One pack as the technician reads it off the box: GTIN, lot, expiry, serial. */
export function PackText({ pack }: { pack: Pack }) {
  const { t } = useTranslation();
  return (
    <span className="restock-pack">
      {t('technician.tools.restock.pack', { gtin: pack.gtin, lot: pack.lot, expiry: pack.expiry })}
      {pack.serial !== undefined && (
        <> · {t('technician.tools.restock.serial', { serial: pack.serial })}</>
      )}
    </span>
  );
}
