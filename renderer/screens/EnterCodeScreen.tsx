import { useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../components/BigButton';
import { CodeKeypad } from '../components/CodeKeypad';
import { ScreenLayout } from '../components/ScreenLayout';
import { CancelButton } from './CancelButton';
import type { ScreenProps } from './screen-props';
import { codeTyping, shortCodeDisplay, shortCodeOf } from './short-code';

/**
 * The fallback when a QR will not scan: the patient types the short code printed under it
 * (`OD-7KQ2-9F3M`) on a large keypad and sends it once all eight characters are in. Main asks
 * the hub what it stands for; `codeEntry.state` says how that went. What was typed stays on
 * screen after "not found", so a single wrong character can be corrected rather than retyped.
 * Offline nothing can be checked: the screen says so and points to Help.
 */
export function EnterCodeScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  const [typed, type] = useReducer(codeTyping, '');
  const state = snapshot.codeEntry?.state ?? 'typing';
  const resolving = state === 'resolving';
  const code = shortCodeOf(typed);

  const submit = () => {
    if (code !== null && !resolving) send({ type: 'SUBMIT_CODE', code });
  };

  return (
    <ScreenLayout
      screen="enter_code"
      tone={
        state === 'offline' || state === 'not_found' || state === 'too_many' ? 'warning' : 'calm'
      }
      title={t('screens.enter_code.title')}
      data={{ 'data-code-state': state, 'data-typed-length': typed.length }}
      controls={
        <>
          <div className="entry entry--code">
            <div className="entry__field">
              <span className="entry__label">{t('screens.enter_code.codeLabel')}</span>
              <span
                className="entry__value entry__value--code"
                aria-live="polite"
                data-code-display=""
              >
                {shortCodeDisplay(typed)}
              </span>
            </div>
          </div>
          <CodeKeypad
            disabled={resolving}
            onKey={(key) => type({ type: 'key', key })}
            onDelete={() => type({ type: 'delete' })}
          />
        </>
      }
      actions={
        <>
          <CancelButton send={send} />
          <BigButton
            label={t('actions.checkCode')}
            icon="confirm"
            variant="confirm"
            action="submit-code"
            disabled={resolving}
            onPress={submit}
          />
        </>
      }
    >
      {state === 'resolving' ? (
        <p className="screen__message" role="status">
          {t('screens.enter_code.resolving')}
        </p>
      ) : state === 'offline' ? (
        <div className="notice" role="alert">
          <p className="notice__main">{t('screens.enter_code.offline')}</p>
          <p>{t('help.touchHelp')}</p>
        </div>
      ) : state === 'too_many' ? (
        <div className="notice" role="alert">
          <p className="notice__main">{t('screens.enter_code.tooMany')}</p>
          <p>{t('help.touchHelp')}</p>
        </div>
      ) : state === 'not_found' ? (
        <p className="notice notice--single" role="alert">
          {t('screens.enter_code.notFound')}
        </p>
      ) : (
        <p className="screen__hint">{t('screens.enter_code.message')}</p>
      )}
    </ScreenLayout>
  );
}
