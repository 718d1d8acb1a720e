import { useTranslation } from 'react-i18next';
import { ToolIcon } from './ToolIcon';

/**
 * Help, on every screen of a session: asks main (HELP) to queue a "call me" request for the
 * pharmacist. It sits first in the settings bar, in the same place on every screen (and in the
 * lower half with the low-position layout), filled so it stands out from the settings.
 */
export function HelpButton({ onPress }: { onPress: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="tool-button help-button" data-action="help" onClick={onPress}>
      <ToolIcon name="help" />
      <span>{t('help.button')}</span>
    </button>
  );
}
