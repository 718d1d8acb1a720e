import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, Screen } from '../../contracts/bridge';
import type { PromptController } from '../audio/prompt-player';
import { usePromptState } from '../audio/use-prompt';
import type { SessionPref, SessionPrefs } from '../session/session-prefs';
import { HelpButton } from './HelpButton';
import { IdleCountdown } from './IdleCountdown';
import { LanguageDialog } from './LanguageDialog';
import { ToolButton } from './ToolButton';

export interface AccessBarProps {
  screen: Screen;
  language: Language;
  prefs: SessionPrefs;
  onToggle: (pref: SessionPref) => void;
  onLanguage: (language: Language) => void;
  prompts: PromptController | undefined;
  idleSeconds: number | undefined;
  /** Sends HELP; absent on the screens without Help (attract, out of service). */
  onHelp?: () => void;
}

/**
 * The small buttons every screen has: Help (during a session), language (the attract screen
 * shows its big choice instead; out of service has no session to change), sound off, say again,
 * high contrast and the low-position layout. They change only how this renderer shows things,
 * except Help and the language, which main owns and which go as HELP and SET_LANGUAGE. The idle
 * warning lives here too, so it is inside a landmark on every screen.
 */
export function AccessBar({
  screen,
  language,
  prefs,
  onToggle,
  onLanguage,
  prompts,
  idleSeconds,
  onHelp,
}: AccessBarProps) {
  const { t } = useTranslation();
  const [choosing, setChoosing] = useState(false);
  const promptState = usePromptState(prompts);
  const canChangeLanguage = screen !== 'attract' && screen !== 'out_of_service';
  return (
    <header className="access-bar" aria-label={t('toolbar.label')}>
      <IdleCountdown seconds={idleSeconds} />
      <div className="access-bar__tools">
        {onHelp && <HelpButton onPress={onHelp} />}
        {canChangeLanguage && (
          <ToolButton
            tool="language"
            icon="language"
            label={t('toolbar.language')}
            onPress={() => setChoosing(true)}
          />
        )}
        <ToolButton
          tool="mute"
          icon={prefs.muted ? 'muted' : 'sound'}
          label={t('toolbar.mute')}
          pressed={prefs.muted}
          onPress={() => onToggle('muted')}
        />
        <ToolButton
          tool="replay"
          icon="replay"
          label={t('toolbar.replay')}
          onPress={() => prompts?.replay()}
          data={{ 'data-prompt-state': promptState }}
        />
        <ToolButton
          tool="contrast"
          icon="contrast"
          label={t('toolbar.contrast')}
          pressed={prefs.highContrast}
          onPress={() => onToggle('highContrast')}
        />
        <ToolButton
          tool="low"
          icon="low"
          label={t('toolbar.low')}
          pressed={prefs.lowPosition}
          onPress={() => onToggle('lowPosition')}
        />
      </div>
      {choosing && canChangeLanguage && (
        <LanguageDialog
          current={language}
          onChoose={onLanguage}
          onClose={() => setChoosing(false)}
        />
      )}
    </header>
  );
}
