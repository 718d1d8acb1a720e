import { useTranslation } from 'react-i18next';
import type { UiEvent } from '../../contracts/bridge';
import { BigButton } from '../components/BigButton';

/** The Cancel every step of a session shows, always in the same place. */
export function CancelButton({ send }: { send: (event: UiEvent) => void }) {
  const { t } = useTranslation();
  return (
    <BigButton
      label={t('actions.cancel')}
      icon="cancel"
      variant="cancel"
      action="cancel"
      onPress={() => send({ type: 'CANCEL' })}
    />
  );
}
