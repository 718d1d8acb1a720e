import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';
import type { PrintProblem, QueuedLabel } from '../../../../contracts/technician/printer';
import { BigButton } from '../../../components/BigButton';
import { CheckIcon } from '../../CheckIcon';
import { PrinterPicture } from './PrinterPicture';
import { printerStatusRows } from './printer-status-rows';
import { StatusMark } from './StatusMark';
import './printer.css';

type Send = (event: UiEvent) => void;

/** One label waiting for a reprint: when it failed, the medicine, the packs and why. */
function QueuedLabelItem({ label, busy, send }: { label: QueuedLabel; busy: boolean; send: Send }) {
  const { t, i18n } = useTranslation();
  const when = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(label.failedAt);
  const problem = t(`technician.tools.printer.problems.${label.problem}`);
  return (
    <li
      className={`tech-label${label.reprintFailed ? ' tech-label--failed' : ''}`}
      data-queued-label={label.labelId}
      data-problem={label.problem}
    >
      <dl className="tech-facts">
        <div className="tech-facts__row">
          <dt>{t('technician.tools.printer.failedAt')}</dt>
          <dd>{when}</dd>
        </div>
        <div className="tech-facts__row">
          <dt>{t('technician.tools.printer.medicine')}</dt>
          <dd className="tech-label__medicine">{label.medication}</dd>
        </div>
        <div className="tech-facts__row">
          <dt>{t('technician.tools.printer.quantity')}</dt>
          <dd>{new Intl.NumberFormat(i18n.language).format(label.quantity)}</dd>
        </div>
        <div className="tech-facts__row">
          <dt>{t('technician.tools.printer.why')}</dt>
          <dd data-reprint-failed={label.reprintFailed}>
            {label.reprintFailed && <StatusMark level="bad" />}
            {label.reprintFailed
              ? t('technician.tools.printer.reprintFailed', { problem })
              : problem}
          </dd>
        </div>
      </dl>
      <div className="tech-card__actions">
        <BigButton
          label={t('technician.tools.printer.reprint')}
          icon="refill"
          variant="primary"
          action={`tech-printer-reprint-${label.labelId}`}
          disabled={busy}
          onPress={() => send({ type: 'TECH_PRINTER_REPRINT', labelId: label.labelId })}
        />
      </div>
    </li>
  );
}

/**
 * The technician panel's printer tool (issue 9): the printer drawn with its lid and paper as
 * they are, the status in words with a mark of its own shape per row, Check again and a test
 * page; then the labels that failed during patients' visits, each with Reprint, and Reprint all.
 * Opening the tab reads the printer's status once.
 */
export function PrinterPanel({ view, send }: { view: TechnicianView; send: Send }) {
  const { t, i18n } = useTranslation();
  const statusId = useId();
  const queueId = useId();
  const printer = view.tools.printer;
  const { status, job, queue, testPage } = printer;
  const busy = job !== 'idle' || status.reach === 'not_configured';

  // Opening the tab is the moment the technician wants to know: read the status once. `send` is
  // a new function at each render, so the effect keeps the first one and runs on mount only.
  const sendOnMount = useRef(send);
  useEffect(() => {
    sendOnMount.current({ type: 'TECH_PRINTER_CHECK' });
  }, []);

  const rows = printerStatusRows(status);
  const rowText = (row: (typeof rows)[number]) => t(`technician.tools.printer.${row.text}`);
  const time = (at: number) =>
    new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(at);
  const jobText =
    job === 'checking'
      ? t('technician.tools.printer.checking')
      : job === 'test_page'
        ? t('technician.tools.printer.printingTestPage')
        : job === 'reprinting'
          ? t('technician.tools.printer.reprinting')
          : null;
  const problemText = (problem: PrintProblem | null) =>
    t(`technician.tools.printer.problems.${problem ?? 'other'}`);

  return (
    <section className="tech-card tech-tool tech-printer" data-tool="printer" data-job={job}>
      <h2 className="tech-card__title">{t('technician.tools.printer.title')}</h2>
      <p className="tech-card__about">{t('technician.tools.printer.about')}</p>

      <section
        className="tech-printer__status"
        aria-labelledby={statusId}
        data-reach={status.reach}
      >
        <h3 className="tech-printer__heading" id={statusId}>
          {t('technician.tools.printer.statusTitle')}
        </h3>
        <div className="tech-printer__overview">
          <PrinterPicture
            status={status}
            label={[t('technician.tools.printer.picture'), ...rows.map(rowText)].join(', ')}
          />
          <div className="tech-printer__words">
            <p className={`tech-printer__reach tech-printer__reach--${status.reach}`} role="status">
              {t(`technician.tools.printer.reach.${status.reach}`)}
            </p>
            <dl className="tech-facts tech-printer__rows">
              {rows.map((row) => (
                <div
                  key={row.aspect}
                  className={`tech-facts__row tech-printer__row tech-printer__row--${row.level}`}
                  data-aspect={row.aspect}
                  data-level={row.level}
                >
                  <dt>{t(`technician.tools.printer.${row.aspect}`)}</dt>
                  <dd>
                    <StatusMark level={row.level} />
                    {rowText(row)}
                  </dd>
                </div>
              ))}
            </dl>
            {printer.paperWidthMm !== null && (
              <p className="tech-card__about">
                {t('technician.tools.printer.paperWidth', { width: printer.paperWidthMm })}
              </p>
            )}
            {status.checkedAt !== null && (
              <p className="tech-card__about" data-checked-at={status.checkedAt}>
                {t('technician.tools.printer.checkedAt', { time: time(status.checkedAt) })}
              </p>
            )}
          </div>
        </div>
        <div className="tech-card__actions">
          <BigButton
            label={t('technician.tools.printer.check')}
            icon="refill"
            variant="secondary"
            action="tech-printer-check"
            disabled={job !== 'idle'}
            onPress={() => send({ type: 'TECH_PRINTER_CHECK' })}
          />
          <BigButton
            label={t('technician.tools.printer.testPage')}
            icon="start"
            variant="primary"
            action="tech-printer-test-page"
            disabled={busy}
            onPress={() => send({ type: 'TECH_PRINTER_TEST_PAGE' })}
          />
        </div>
        {jobText && (
          <p className="tech-progress__text" role="status" data-printer-job={job}>
            {jobText}
          </p>
        )}
        {testPage && (
          <p
            className={`tech-summary tech-summary--${testPage.outcome === 'printed' ? 'pass' : 'fail'}`}
            role="status"
            data-test-page={testPage.outcome}
          >
            <CheckIcon passed={testPage.outcome === 'printed'} />
            {testPage.outcome === 'printed'
              ? t('technician.tools.printer.testPagePrinted')
              : t('technician.tools.printer.testPageFailed', {
                  problem: problemText(testPage.problem),
                })}
          </p>
        )}
      </section>

      <section
        className="tech-printer__queue"
        aria-labelledby={queueId}
        data-queue={queue.ready ? queue.labels.length : 'loading'}
      >
        <h3 className="tech-printer__heading" id={queueId}>
          {t('technician.tools.printer.queueTitle')}
        </h3>
        <p className="tech-card__about">{t('technician.tools.printer.queueAbout')}</p>
        {!queue.ready ? (
          <p className="tech-card__about" role="status">
            {t('technician.tools.printer.queueLoading')}
          </p>
        ) : queue.labels.length === 0 ? (
          <p className="tech-summary tech-summary--pass" data-queue-empty="">
            <CheckIcon passed />
            {t('technician.tools.printer.queueEmpty')}
          </p>
        ) : (
          <>
            <p className="tech-printer__count">
              {t('technician.tools.printer.queueCount', { count: queue.labels.length })}
            </p>
            <ul className="tech-labels">
              {queue.labels.map((label) => (
                <QueuedLabelItem key={label.labelId} label={label} busy={busy} send={send} />
              ))}
            </ul>
            <div className="tech-card__actions">
              <BigButton
                label={t('technician.tools.printer.reprintAll')}
                icon="refill"
                variant="confirm"
                action="tech-printer-reprint-all"
                disabled={busy}
                onPress={() => send({ type: 'TECH_PRINTER_REPRINT', labelId: null })}
              />
            </div>
          </>
        )}
        {printer.reprinted > 0 && (
          <p className="tech-card__about" data-reprinted={printer.reprinted}>
            {t('technician.tools.printer.reprinted', { count: printer.reprinted })}
          </p>
        )}
      </section>
    </section>
  );
}
