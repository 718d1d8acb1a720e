import { useTranslation } from 'react-i18next';
import { ScreenLayout } from '../components/ScreenLayout';
import { PackDropPicture } from '../pictures/PackDropPicture';
import { PackStateIcon } from '../pictures/PackStateIcon';
import { CancelButton } from './CancelButton';
import type { ScreenProps } from './screen-props';

export function DispensingScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  const packs = snapshot.dispense?.packs ?? [];
  const total = snapshot.dispense?.requested ?? packs.length;
  const done = packs.filter((pack) => pack.state === 'done').length;
  return (
    <ScreenLayout
      screen="dispensing"
      picture={<PackDropPicture />}
      title={t('screens.dispensing.title')}
      actions={<CancelButton send={send} />}
    >
      <p className="screen__message">{t('screens.dispensing.message')}</p>
      {packs.length > 0 && (
        <>
          <p className="screen__hint" role="status">
            {t('screens.dispensing.progress', { done, total })}
          </p>
          <ol className="packs">
            {packs.map((pack) => (
              <li
                key={pack.index}
                className={`pack pack--${pack.state}`}
                data-pack-state={pack.state}
              >
                <PackStateIcon state={pack.state} />
                <span className="pack__name">
                  {t('screens.dispensing.pack', { number: pack.index + 1, total })}
                </span>
                <span className="pack__state">{t(`screens.dispensing.states.${pack.state}`)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </ScreenLayout>
  );
}
