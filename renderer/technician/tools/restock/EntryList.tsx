import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RestockEntryView } from '../../../../contracts/technician/restock';
import { PackText } from './PackText';

/** The packs added, refused and taken out in this visit, newest first. */
export function EntryList({ entries }: { entries: readonly RestockEntryView[] }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="restock-section" aria-labelledby={headingId}>
      <h3 className="restock-section__title" id={headingId}>
        {t('technician.tools.restock.entries.title')}
      </h3>
      {entries.length === 0 ? (
        <p className="tech-card__about">{t('technician.tools.restock.entries.none')}</p>
      ) : (
        <ol className="restock-list" data-restock-entries aria-live="polite">
          {entries.map((entry, index) => (
            <Entry key={'seq' in entry ? entry.seq : `n${entries.length - index}`} entry={entry} />
          ))}
        </ol>
      )}
    </section>
  );
}

function Entry({ entry }: { entry: RestockEntryView }) {
  const { t } = useTranslation();
  const tag = (text: string, good: boolean) => (
    <strong className={`restock-tag ${good ? 'restock-tag--ok' : 'restock-tag--warn'}`}>
      <span aria-hidden="true">{good ? '✓ ' : '✗ '}</span>
      {text}
    </strong>
  );
  switch (entry.outcome) {
    case 'added':
      return (
        <li className="restock-list__item" data-outcome="added">
          {tag(t('technician.tools.restock.entries.added'), true)}
          <PackText pack={entry.pack} />
        </li>
      );
    case 'refused':
      return (
        <li className="restock-list__item" data-outcome="refused" data-reason={entry.reason}>
          {tag(t('technician.tools.restock.entries.refused'), false)}
          <span>{t(`technician.tools.restock.refusal.${entry.reason}`)}</span>
          {/* The restock decision's own words, for the pharmacist if the technician calls. */}
          <span className="restock-detail" lang="en">
            {entry.detail}
          </span>
        </li>
      );
    case 'removed':
      return (
        <li className="restock-list__item" data-outcome="removed" data-reason={entry.reason}>
          {tag(t('technician.tools.restock.entries.removed'), true)}
          <span>{t(`technician.tools.restock.reason.${entry.reason}`)}</span>
          <PackText pack={entry.pack} />
        </li>
      );
    case 'not_removed':
      return (
        <li className="restock-list__item" data-outcome="not_removed" data-reason={entry.why}>
          {tag(t('technician.tools.restock.entries.notRemoved'), false)}
          <span>{t(`technician.tools.restock.notRemoved.${entry.why}`)}</span>
          {entry.gtin && (
            <span className="restock-detail">
              {entry.gtin}
              {entry.lot && ` · ${entry.lot}`}
            </span>
          )}
        </li>
      );
  }
}
