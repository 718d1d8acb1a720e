import { useTranslation } from 'react-i18next';
import type { TechnicianView } from '../../contracts/bridge';
import en from '../i18n/en.json';
import { deviceFault } from './device-errors';

type KnownKind = keyof typeof en.devices.kinds;

function isKnownKind(kind: string | undefined): kind is KnownKind {
  return kind !== undefined && Object.hasOwn(en.devices.kinds, kind);
}

/**
 * One device as the supervisor sees it: its link as a coloured, shaped dot AND a word (the dot
 * alone would leave out whoever cannot tell the colours apart), the port (and USB ids), frames
 * good and bad, timeouts, how often it came back, and the last error: the kind of fault in plain words, with the raw message under it.
 */
export function DeviceCard({
  device,
  kind,
}: {
  device: TechnicianView['devices'][number];
  /** The kind from the snapshot's device list, when it names this device. */
  kind: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const name = isKnownKind(kind) ? t(`devices.kinds.${kind}`) : (kind ?? device.id);
  const fault = device.lastError === null ? null : deviceFault(device.lastError);
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  return (
    <li
      className={`tech-device tech-device--${device.link}`}
      data-device={device.id}
      data-link={device.link}
    >
      <h3 className="tech-device__name">
        {name}
        {name !== device.id && <span className="tech-device__id">{device.id}</span>}
      </h3>
      <dl className="tech-facts">
        <div className="tech-facts__row">
          <dt>{t('technician.devices.link')}</dt>
          <dd className="tech-device__link">
            <span className="tech-dot" aria-hidden="true" />
            {t(`devices.links.${device.link}`)}
          </dd>
        </div>
        <div className="tech-facts__row">
          <dt>{t('technician.devices.port')}</dt>
          <dd>
            {device.port === null ? (
              t('technician.devices.noPort')
            ) : (
              <code className="tech-code">{device.port}</code>
            )}
          </dd>
        </div>
        {device.usb !== null && (
          <div className="tech-facts__row">
            <dt>{t('technician.devices.usb')}</dt>
            <dd>
              <code className="tech-code">{device.usb}</code>
            </dd>
          </div>
        )}
        <div className="tech-facts__row">
          <dt>{t('technician.devices.frames')}</dt>
          <dd
            data-frames-good={device.frames?.good ?? undefined}
            data-frames-bad={device.frames?.bad ?? undefined}
          >
            {device.frames === null
              ? t('technician.devices.noFrames')
              : t('technician.devices.frameCounts', {
                  good: number(device.frames.good),
                  bad: number(device.frames.bad),
                })}
          </dd>
        </div>
        <div className="tech-facts__row">
          <dt>{t('technician.devices.timeouts')}</dt>
          <dd data-timeouts={device.timeouts}>{number(device.timeouts)}</dd>
        </div>
        <div className="tech-facts__row">
          <dt>{t('technician.devices.reconnects')}</dt>
          <dd data-reconnects={device.reconnects}>
            {new Intl.NumberFormat(i18n.language).format(device.reconnects)}
          </dd>
        </div>
        <div className="tech-facts__row">
          <dt>{t('technician.devices.lastError')}</dt>
          <dd data-fault={fault ?? undefined}>
            {device.lastError === null ? (
              t('technician.devices.noError')
            ) : (
              <>
                {fault && (
                  <span className="tech-device__fault">
                    {t(`technician.devices.faults.${fault}`)}
                  </span>
                )}
                <code className="tech-code">{device.lastError}</code>
              </>
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}
