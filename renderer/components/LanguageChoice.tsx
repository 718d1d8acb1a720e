import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../contracts/bridge';
import { LanguageIcon } from './LanguageIcon';

/**
 * One big button per language, each labelled with the language's own name in that language
 * (`language.name` of its own file) and marked with `lang`, so "Kiswahili" reads as Kiswahili
 * to a patient and to a screen reader whatever language the screen is in now.
 */
export function LanguageChoice({
  current,
  onChoose,
  labelledBy,
}: {
  current: Language;
  onChoose: (language: Language) => void;
  /** id of the visible text that names the group. */
  labelledBy: string;
}) {
  const { i18n } = useTranslation();
  return (
    <div className="language-choice" role="group" aria-labelledby={labelledBy}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="language-button"
          aria-pressed={language === current}
          data-language={language}
          onClick={() => onChoose(language)}
        >
          <LanguageIcon language={language} />
          <span className="language-button__name">{i18n.getFixedT(language)('language.name')}</span>
        </button>
      ))}
    </div>
  );
}
