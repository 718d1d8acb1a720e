import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';
import { CABINET_RANGES, type CabinetToolView } from '../../../../contracts/technician/cabinet';
import { TemperatureChart } from './TemperatureChart';
import './cabinet.css';

const T = 'technician.tools.cabinet';

/** Where a temperature lies against the band, in words (never by colour alone). */
function bandState(
  temperatureC: number,
  band: CabinetToolView['band'],
): 'inside' | 'above' | 'below' {
  if (temperatureC > band.maxC) return 'above';
  if (temperatureC < band.minC) return 'below';
  return 'inside';
}

/**
 * The technician panel's cabinet tool (issue 9 item 7): the temperature and door now, in words;
 * the chart of the last 24 hours or 7 days against the allowed band; the excursions (start, end
 * or ongoing, peak) and the slots blocked until a pharmacist releases them. The technician only
 * sees a block here: releasing is the pharmacist's, from the hub.
 */
export function CabinetPanel({
  view,
  send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const excursionsId = useId();
  const blocksId = useId();
  const cabinet = view.tools.cabinet;
  const language = i18n.language;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const degrees = (value: number) => t(`${T}.degrees`, { value: number.format(value) });
  const when = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const current = cabinet.current;
  const currentText =
    current === null
      ? t(`${T}.chartNone`)
      : current.temperatureC === null
        ? t(`${T}.noSensor`)
        : `${degrees(current.temperatureC)}, ${t(`${T}.${bandState(current.temperatureC, cabinet.band)}`)}`;
  const chartLabel = t(`${T}.chartLabel`, {
    range: t(`${T}.range.${cabinet.range}`),
    min: number.format(cabinet.band.minC),
    max: number.format(cabinet.band.maxC),
    current: currentText,
    count: cabinet.excursions.length,
  });
  return (
    <section
      className="tech-card tech-tool cabinet-tool"
      data-tool="cabinet"
      aria-labelledby={headingId}
      data-blocked={cabinet.blocks.length}
    >
      <h2 className="tech-card__title" id={headingId}>
        {t(`${T}.title`)}
      </h2>
      <p className="tech-card__about">{t(`${T}.about`)}</p>

      <h3 className="cabinet-tool__heading">{t(`${T}.nowTitle`)}</h3>
      {current === null ? (
        <p className="tech-card__about" data-cabinet-now="none">
          {t(`${T}.noReading`)}
        </p>
      ) : (
        <dl className="tech-facts cabinet-tool__now">
          <div className="tech-facts__row">
            <dt>{t(`${T}.temperature`)}</dt>
            <dd
              data-temperature={current.temperatureC ?? 'none'}
              data-band-state={
                current.temperatureC === null
                  ? 'no_sensor'
                  : bandState(current.temperatureC, cabinet.band)
              }
            >
              {current.temperatureC === null ? (
                t(`${T}.noSensor`)
              ) : (
                <>
                  <strong className="cabinet-tool__value">{degrees(current.temperatureC)}</strong>{' '}
                  {t(`${T}.${bandState(current.temperatureC, cabinet.band)}`)}
                </>
              )}
            </dd>
          </div>
          <div className="tech-facts__row">
            <dt>{t(`${T}.door`)}</dt>
            <dd data-door={current.door}>
              {t(current.door === 'open' ? `${T}.doorOpen` : `${T}.doorClosed`)}
            </dd>
          </div>
          <div className="tech-facts__row">
            <dt>{t(`${T}.control`)}</dt>
            <dd data-control={current.temperatureControl}>
              {t(current.temperatureControl === 'ok' ? `${T}.controlOk` : `${T}.controlFault`)}
            </dd>
          </div>
          <div className="tech-facts__row">
            <dt>{t(`${T}.setpoint`)}</dt>
            <dd>{current.setpointC === null ? t(`${T}.unknown`) : degrees(current.setpointC)}</dd>
          </div>
          <div className="tech-facts__row">
            <dt>{t(`${T}.band`)}</dt>
            <dd>
              {t(`${T}.bandValue`, {
                min: number.format(cabinet.band.minC),
                max: number.format(cabinet.band.maxC),
              })}
            </dd>
          </div>
        </dl>
      )}

      <div className="cabinet-tool__ranges" role="group" aria-label={t(`${T}.rangeLabel`)}>
        {CABINET_RANGES.map((range) => (
          <button
            key={range}
            type="button"
            className="cabinet-tool__range"
            data-action={`cabinet-range-${range}`}
            aria-pressed={cabinet.range === range}
            onClick={() => send({ type: 'TECH_CABINET_RANGE', range })}
          >
            {t(`${T}.range.${range}`)}
          </button>
        ))}
      </div>
      <figure className="cabinet-tool__chart">
        <TemperatureChart view={cabinet} label={chartLabel} language={language} />
        <figcaption className="cabinet-tool__legend">
          <span className="cabinet-tool__swatch cabinet-tool__swatch--band" aria-hidden="true" />
          {t(`${T}.legendBand`)}
          <span
            className="cabinet-tool__swatch cabinet-tool__swatch--excursion"
            aria-hidden="true"
          />
          {t(`${T}.legendExcursion`)}
          {cabinet.points.length === 0 && (
            <span className="cabinet-tool__empty"> — {t(`${T}.noPoints`)}</span>
          )}
        </figcaption>
      </figure>

      <h3 className="cabinet-tool__heading" id={excursionsId}>
        {t(`${T}.excursions`)}
      </h3>
      {cabinet.excursions.length === 0 ? (
        <p className="tech-card__about">{t(`${T}.noExcursions`)}</p>
      ) : (
        <ol className="cabinet-tool__list" aria-labelledby={excursionsId}>
          {cabinet.excursions.map((e) => (
            <li
              key={e.seq}
              className="cabinet-tool__item"
              data-excursion={e.seq}
              data-ongoing={e.endedAt === null}
            >
              <strong>{t(`${T}.excursion`, { seq: e.seq })}</strong>
              <dl className="tech-facts">
                <div className="tech-facts__row">
                  <dt>{t(`${T}.started`)}</dt>
                  <dd>
                    <time dateTime={new Date(e.startedAt).toISOString()}>
                      {when.format(e.startedAt)}
                    </time>
                  </dd>
                </div>
                <div className="tech-facts__row">
                  <dt>{t(`${T}.ended`)}</dt>
                  <dd>
                    {e.endedAt === null ? (
                      <strong className="cabinet-tool__ongoing">{t(`${T}.ongoing`)}</strong>
                    ) : (
                      <time dateTime={new Date(e.endedAt).toISOString()}>
                        {when.format(e.endedAt)}
                      </time>
                    )}
                  </dd>
                </div>
                <div className="tech-facts__row">
                  <dt>{t(`${T}.peak`)}</dt>
                  <dd data-peak={e.peakC}>{degrees(e.peakC)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ol>
      )}

      <h3 className="cabinet-tool__heading" id={blocksId}>
        {t(`${T}.blocks`)}
      </h3>
      {cabinet.blocks.length === 0 ? (
        <p className="tech-card__about" data-no-blocks="">
          {t(`${T}.noBlocks`)}
        </p>
      ) : (
        <>
          <ul className="cabinet-tool__list" aria-labelledby={blocksId}>
            {cabinet.blocks.map((b) => (
              <li
                key={b.slot}
                className="cabinet-tool__item cabinet-tool__item--blocked"
                data-blocked-slot={b.slot}
                data-excursion-seq={b.excursionSeq}
              >
                <strong>{t(`${T}.slot`, { slot: b.slot })}</strong>{' '}
                <span className="cabinet-tool__waiting">{t(`${T}.waitingRelease`)}</span>
                <p className="cabinet-tool__detail">
                  {b.excursionStartedAt === null
                    ? t(`${T}.blockedByUnknown`, { seq: b.excursionSeq })
                    : t(`${T}.blockedBy`, {
                        seq: b.excursionSeq,
                        at: when.format(b.excursionStartedAt),
                      })}
                </p>
                <p className="cabinet-tool__detail">
                  {t(`${T}.medicines`, {
                    gtins: new Intl.ListFormat(language, { type: 'unit' }).format(b.gtins),
                  })}
                </p>
              </li>
            ))}
          </ul>
          <p className="tech-card__about">{t(`${T}.onlyPharmacist`)}</p>
        </>
      )}
    </section>
  );
}
