import { useEffect, useId, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';
import type {
  TrafficCountersView,
  TrafficDeviceId,
  TrafficToolView,
} from '../../../../contracts/technician/traffic';
import { TrafficFrameRow } from './TrafficFrameRow';
import { TrafficIcon } from './TrafficIcon';
import './traffic.css';

const COUNTERS: readonly (keyof TrafficCountersView)[] = [
  'good',
  'bad',
  'sent',
  'timeouts',
  'reconnects',
];

/**
 * The technician panel's live traffic (issue 9 item 4): pick a device, see its counters and its
 * recent frames, raw bytes in hex beside what the kiosk decoded, newest at the bottom. The panel
 * tells main when it opens and closes, so frames travel in the snapshot only while someone looks.
 */
export function TrafficPanel({
  view,
  send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t, i18n } = useTranslation();
  const traffic: TrafficToolView = view.tools.traffic;
  const titleId = useId();
  const counterTitleId = useId();
  const tableTitleId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const latest = useRef({ send, device: traffic.device });
  latest.current = { send, device: traffic.device };

  useEffect(() => {
    latest.current.send({ type: 'TECH_TRAFFIC_WATCH', device: latest.current.device });
    return () => latest.current.send({ type: 'TECH_TRAFFIC_WATCH', device: null });
  }, []);

  // Newest last: stay pinned to the bottom unless the technician scrolled up to read.
  const newest = traffic.frames.at(-1)?.id;
  useLayoutEffect(() => {
    const box = scroller.current;
    if (box && atBottom.current) box.scrollTop = box.scrollHeight;
  }, [newest, traffic.device]);

  const number = new Intl.NumberFormat(i18n.language);
  const deviceName = t(`devices.kinds.${traffic.device}`);
  const pick = (device: TrafficDeviceId) => send({ type: 'TECH_TRAFFIC_WATCH', device });

  return (
    <section
      className="tech-card tech-tool traffic"
      data-tool="traffic"
      data-device={traffic.device}
      data-paused={String(traffic.paused)}
      aria-labelledby={titleId}
    >
      <h2 className="tech-card__title" id={titleId}>
        {t('technician.tools.traffic.title')}
      </h2>
      <p className="tech-card__about">{t('technician.tools.traffic.about')}</p>

      <div
        className="traffic__devices"
        role="group"
        aria-label={t('technician.tools.traffic.device')}
      >
        {traffic.devices.map((device) => (
          <button
            key={device}
            type="button"
            className="traffic__device"
            data-traffic-device={device}
            aria-pressed={device === traffic.device}
            onClick={() => pick(device)}
          >
            {t(`devices.kinds.${device}`)}
          </button>
        ))}
      </div>

      <section className="traffic__counters" aria-labelledby={counterTitleId}>
        <h3 className="traffic__subtitle" id={counterTitleId}>
          {t('technician.tools.traffic.counters.title', { device: deviceName })}
        </h3>
        <dl className="traffic__counter-list">
          {COUNTERS.map((key) => (
            <div key={key} className="traffic__counter" data-counter={key}>
              <dt>{t(`technician.tools.traffic.counters.${key}`)}</dt>
              <dd data-value={traffic.counters?.[key] ?? 0}>
                {number.format(traffic.counters?.[key] ?? 0)}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <div className="traffic__actions">
        <button
          type="button"
          className="traffic__button"
          data-action={traffic.paused ? 'tech-traffic-resume' : 'tech-traffic-pause'}
          onClick={() => send({ type: 'TECH_TRAFFIC_PAUSE', paused: !traffic.paused })}
        >
          <TrafficIcon name={traffic.paused ? 'resume' : 'pause'} />
          {t(`technician.tools.traffic.${traffic.paused ? 'resume' : 'pause'}`)}
        </button>
        <button
          type="button"
          className="traffic__button"
          data-action="tech-traffic-clear"
          onClick={() => send({ type: 'TECH_TRAFFIC_CLEAR' })}
        >
          <TrafficIcon name="clear" />
          {t('technician.tools.traffic.clear')}
        </button>
        <p className="traffic__state" role="status" data-state={traffic.paused ? 'paused' : 'live'}>
          <TrafficIcon name={traffic.paused ? 'pause' : 'live'} />
          {t(`technician.tools.traffic.${traffic.paused ? 'paused' : 'live'}`)}
        </p>
      </div>

      {traffic.device === 'scanner' && (
        <p className="traffic__note" data-note="redacted">
          {t('technician.tools.traffic.redacted')}
        </p>
      )}
      {(traffic.device === 'oximeter' || traffic.device === 'bpCuff') && (
        <p className="traffic__note" data-note="values-dropped">
          {t('technician.tools.traffic.valuesDropped')}
        </p>
      )}

      <h3 className="traffic__subtitle" id={tableTitleId}>
        {t('technician.tools.traffic.table.title', {
          device: deviceName,
          shown: number.format(traffic.frames.length),
        })}
      </h3>
      {traffic.frames.length === 0 ? (
        <p className="tech-card__about" data-frames="0">
          {t('technician.tools.traffic.empty')}
        </p>
      ) : (
        <div
          className="traffic__scroll"
          ref={scroller}
          tabIndex={0}
          role="region"
          aria-labelledby={tableTitleId}
          onScroll={(e) => {
            const box = e.currentTarget;
            atBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < 8;
          }}
        >
          <table className="traffic__table" data-frames={traffic.frames.length}>
            <thead>
              <tr>
                <th scope="col">{t('technician.tools.traffic.table.time')}</th>
                <th scope="col">{t('technician.tools.traffic.table.dir')}</th>
                <th scope="col">{t('technician.tools.traffic.table.hex')}</th>
                <th scope="col">{t('technician.tools.traffic.table.decoded')}</th>
                <th scope="col">{t('technician.tools.traffic.table.status')}</th>
              </tr>
            </thead>
            <tbody>
              {traffic.frames.map((frame) => (
                <TrafficFrameRow key={frame.id} frame={frame} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
