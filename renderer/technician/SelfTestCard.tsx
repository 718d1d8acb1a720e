import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../contracts/bridge';
import { BigButton } from '../components/BigButton';
import { CheckIcon } from './CheckIcon';

/**
 * The self-test: one button, a progress bar while it runs (main reports each check as it
 * finishes), then every check with Passed / Failed in words and a tick or cross, its reason, and
 * where the HTML + JSON report was saved. Titles and reasons come from main as written there.
 * Main runs one job at a time, so the button waits while a bundle is being exported.
 */
export function SelfTestCard({
  view,
  send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const progressId = useId();
  const test = view.selfTest;
  const busy = test.state === 'running' || view.bundle.state === 'exporting';
  const failed = test.items.filter((item) => !item.passed).length;
  return (
    <section
      className="tech-card tech-card--self-test"
      aria-labelledby={headingId}
      data-self-test={test.state}
    >
      <h2 className="tech-card__title" id={headingId}>
        {t('technician.selfTest.title')}
      </h2>
      <p className="tech-card__about">{t('technician.selfTest.about')}</p>
      <div className="tech-card__actions">
        <BigButton
          label={t('technician.selfTest.run')}
          icon="start"
          variant="primary"
          action="tech-self-test"
          disabled={busy}
          onPress={() => send({ type: 'TECH_RUN_SELF_TEST' })}
        />
      </div>
      {test.state === 'running' && (
        <div className="tech-progress">
          <progress
            className="tech-progress__bar"
            aria-labelledby={progressId}
            max={Math.max(test.total, 1)}
            // Without a total yet the bar is indeterminate (no value): it is starting.
            value={test.total > 0 ? test.completed : undefined}
          />
          <p className="tech-progress__text" id={progressId} role="status">
            {test.total > 0
              ? t('technician.selfTest.progress', {
                  completed: test.completed,
                  total: test.total,
                })
              : t('technician.selfTest.starting')}
          </p>
        </div>
      )}
      {test.state === 'done' && (
        <p
          className={`tech-summary tech-summary--${failed === 0 ? 'pass' : 'fail'}`}
          role="status"
          data-failed={failed}
        >
          <CheckIcon passed={failed === 0} />
          {failed === 0
            ? t('technician.selfTest.allPassed')
            : t('technician.selfTest.someFailed', { count: failed })}
        </p>
      )}
      {test.state === 'failed' && test.error !== null && (
        <p className="notice notice--single tech-notice" role="alert">
          {t('technician.selfTest.error', { error: test.error })}
        </p>
      )}
      {test.items.length > 0 && (
        <ul className="tech-checks">
          {test.items.map((item) => (
            <li
              key={item.id}
              className={`tech-check tech-check--${item.passed ? 'pass' : 'fail'}`}
              data-item={item.id}
              data-passed={String(item.passed)}
            >
              <span className="tech-check__status">
                <CheckIcon passed={item.passed} />
                {item.passed ? t('technician.selfTest.passed') : t('technician.selfTest.failed')}
              </span>
              <span className="tech-check__title">{item.title}</span>
              <span className="tech-check__reason">{item.reason}</span>
            </li>
          ))}
        </ul>
      )}
      {test.savedTo !== null && (
        <p className="tech-card__about" data-saved-to={test.savedTo}>
          {t('technician.selfTest.savedTo', { path: test.savedTo })}
        </p>
      )}
    </section>
  );
}
