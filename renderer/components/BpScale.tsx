import { useTranslation } from 'react-i18next';
import type { VitalsView } from '../../contracts/bridge';

type BpCategory = NonNullable<VitalsView['bpCategory']>;
const CATEGORIES: readonly BpCategory[] = [
  'low',
  'normal',
  'elevated',
  'stage1',
  'stage2',
  'crisis',
];

/**
 * The blood-pressure categories as a coloured scale, blue through green to red, with the
 * patient's own marked by an arrow, a frame and aria-current. Every band is named in words, so
 * the colour is never the only way to read it. (A label for the patient; the prescription's
 * limits, not the category, decide whether a medicine is given.)
 */
export function BpScale({ category }: { category: BpCategory }) {
  const { t } = useTranslation();
  return (
    <ol className="bp-scale" aria-label={t('vitals.scale')} data-bp-category={category}>
      {CATEGORIES.map((c) => (
        <li
          key={c}
          className={`bp-scale__band bp-scale__band--${c}`}
          aria-current={c === category ? 'true' : undefined}
        >
          {c === category && (
            <svg
              className="bp-scale__marker"
              viewBox="0 0 20 12"
              aria-hidden="true"
              focusable="false"
            >
              <path d="M0 0 h20 l-10 12 z" fill="currentColor" />
            </svg>
          )}
          <span className="bp-scale__swatch" aria-hidden="true" />
          <span className="bp-scale__name">{t(`vitals.categories.${c}`)}</span>
        </li>
      ))}
    </ol>
  );
}
