import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../contracts/bridge';
import { BigButton } from '../components/BigButton';
import { exportTarget } from './export-target';
import { shortHash, sizeText } from './technician-format';

/**
 * The diagnostics bundle: where to write it (one of the directories main offers, USB sticks
 * first), Export, then the file with its SHA-256 (shortened; the whole hash is in the manifest
 * inside and in the element's title) or why it failed. With nowhere to write, it says to plug in
 * a stick. Main runs one job at a time, so Export waits while the self-test runs.
 */
export function BundleCard({
  view,
  send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const groupName = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const target = exportTarget(chosen, view.exportTargets);
  const bundle = view.bundle;
  const busy = bundle.state === 'exporting' || view.selfTest.state === 'running';
  return (
    <section
      className="tech-card tech-card--bundle"
      aria-labelledby={headingId}
      data-bundle={bundle.state}
    >
      <h2 className="tech-card__title" id={headingId}>
        {t('technician.bundle.title')}
      </h2>
      <p className="tech-card__about">{t('technician.bundle.about')}</p>
      {view.exportTargets.length === 0 ? (
        <p className="notice notice--single tech-notice" data-export-targets="none">
          {t('technician.bundle.noTargets')}
        </p>
      ) : (
        <fieldset className="tech-targets">
          <legend className="tech-targets__legend">{t('technician.bundle.target')}</legend>
          {view.exportTargets.map((dir) => (
            <label key={dir} className="tech-target">
              <input
                type="radio"
                name={groupName}
                value={dir}
                checked={dir === target}
                data-export-target={dir}
                onChange={() => setChosen(dir)}
              />
              <code className="tech-code">{dir}</code>
            </label>
          ))}
        </fieldset>
      )}
      <div className="tech-card__actions">
        <BigButton
          label={t('technician.bundle.export')}
          icon="confirm"
          variant="confirm"
          action="tech-export"
          disabled={busy || target === null}
          onPress={() => {
            if (target !== null) send({ type: 'TECH_EXPORT_BUNDLE', outDir: target });
          }}
        />
      </div>
      {bundle.state === 'exporting' && (
        <p className="tech-card__about" role="status">
          {t('technician.bundle.exporting')}
        </p>
      )}
      {bundle.state === 'done' && bundle.result !== null && (
        <div className="tech-bundle-result" role="status">
          <p className="tech-summary tech-summary--pass">{t('technician.bundle.done')}</p>
          <dl className="tech-facts">
            <div className="tech-facts__row">
              <dt>{t('technician.bundle.file')}</dt>
              <dd>
                <code className="tech-code" data-bundle-file={bundle.result.file}>
                  {bundle.result.file}
                </code>
              </dd>
            </div>
            <div className="tech-facts__row">
              <dt>{t('technician.bundle.sha256')}</dt>
              <dd>
                <code
                  className="tech-code"
                  title={bundle.result.sha256}
                  data-sha256={bundle.result.sha256}
                >
                  {shortHash(bundle.result.sha256)}
                </code>
              </dd>
            </div>
            <div className="tech-facts__row">
              <dt>{t('technician.bundle.size')}</dt>
              <dd>{sizeText(bundle.result.bytes, i18n.language)}</dd>
            </div>
          </dl>
        </div>
      )}
      {bundle.state === 'failed' && bundle.error !== null && (
        <p className="notice notice--single tech-notice" role="alert">
          {t('technician.bundle.error', { error: bundle.error })}
        </p>
      )}
    </section>
  );
}
