import { useTranslation } from 'react-i18next';
import type { Gs1Breakdown, Gs1Field } from '../../../../contracts/technician/scanner';
import { CheckIcon } from '../../CheckIcon';

/** A GS1 date as a calendar date in the kiosk's language (the date is a day, not an instant). */
const dateText = (date: string, language: string): string =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );

type Verdict = { passed: boolean; text: string } | null;

function useVerdict(): (field: Gs1Field) => Verdict {
  const { t, i18n } = useTranslation();
  return (field) => {
    if (field.kind === 'gtin')
      return field.checkDigit === 'valid'
        ? { passed: true, text: t('technician.tools.scanner.check.valid') }
        : {
            passed: false,
            text: t('technician.tools.scanner.check.invalid', { digit: field.expectedDigit }),
          };
    if (field.kind === 'expiry') {
      if (field.verdict === 'invalid' || field.date === null)
        return {
          passed: false,
          text: t(
            `technician.tools.scanner.expiry.${field.fault === 'month' ? 'badMonth' : 'badDay'}`,
          ),
        };
      const date = dateText(field.date, i18n.language);
      return field.verdict === 'expired'
        ? { passed: false, text: t('technician.tools.scanner.expiry.expired', { date }) }
        : { passed: true, text: t('technician.tools.scanner.expiry.valid', { date }) };
    }
    return null;
  };
}

/**
 * A GS1 symbol field by field: the AI, what it is, the value as scanned and, for the GTIN and
 * the expiry, the check with a tick or a cross and a word. Then why reading stopped, if it did.
 */
export function Gs1Table({ breakdown }: { breakdown: Gs1Breakdown }) {
  const { t } = useTranslation();
  const verdictOf = useVerdict();
  const nameOf = (field: Gs1Field): string =>
    field.kind === 'other'
      ? t('technician.tools.scanner.field.other', { title: field.title })
      : t(`technician.tools.scanner.field.${field.kind}`);
  return (
    <>
      {breakdown.fields.length > 0 && (
        <table className="scanner-gs1">
          <caption className="scanner-gs1__caption">{t('technician.tools.scanner.gs1')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('technician.tools.scanner.columns.ai')}</th>
              <th scope="col">{t('technician.tools.scanner.columns.field')}</th>
              <th scope="col">{t('technician.tools.scanner.columns.value')}</th>
              <th scope="col">{t('technician.tools.scanner.columns.check')}</th>
            </tr>
          </thead>
          <tbody>
            {breakdown.fields.map((field) => {
              const verdict = verdictOf(field);
              return (
                <tr
                  key={field.ai}
                  data-field={field.kind}
                  data-ai={field.ai}
                  data-check={
                    field.kind === 'gtin'
                      ? field.checkDigit
                      : field.kind === 'expiry'
                        ? field.verdict
                        : undefined
                  }
                >
                  <td className="scanner-gs1__ai">
                    <code className="tech-code">({field.ai})</code>
                  </td>
                  <th scope="row">{nameOf(field)}</th>
                  <td>
                    <code className="tech-code">{field.value}</code>
                  </td>
                  <td className={verdict && !verdict.passed ? 'scanner-gs1__bad' : undefined}>
                    {verdict && (
                      <span className="scanner-gs1__verdict">
                        <CheckIcon passed={verdict.passed} />
                        {verdict.text}
                      </span>
                    )}
                    {field.kind === 'expiry' && field.dayZero && (
                      <span className="scanner-gs1__note">
                        {t('technician.tools.scanner.expiry.dayZero')}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {breakdown.error && (
        <p className="scanner-gs1__error" data-gs1-error={breakdown.error.code}>
          <CheckIcon passed={false} />
          {breakdown.error.offset === null
            ? t(`technician.tools.scanner.errors.${breakdown.error.code}`, {
                defaultValue: t('technician.tools.scanner.errors.other'),
              })
            : t('technician.tools.scanner.errorAt', {
                position: breakdown.error.offset + 1,
                reason: t(`technician.tools.scanner.errors.${breakdown.error.code}`, {
                  defaultValue: t('technician.tools.scanner.errors.other'),
                }),
              })}
        </p>
      )}
    </>
  );
}
