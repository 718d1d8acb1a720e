import { useTranslation } from 'react-i18next';
import type { UiSnapshot } from '../../contracts/bridge';
import en from '../i18n/en.json';

type KnownKind = keyof typeof en.devices.kinds;

function isKnownKind(kind: string): kind is KnownKind {
  return Object.hasOwn(en.devices.kinds, kind);
}

/** A quiet line of device states along the bottom, for whoever services the kiosk. */
export function DeviceStrip({ devices }: { devices: UiSnapshot['devices'] }) {
  const { t } = useTranslation();
  if (devices.length === 0) return null;
  return (
    <footer className="device-strip" aria-label={t('devices.label')}>
      <ul>
        {devices.map((device) => (
          <li
            key={device.id}
            className={`device device--${device.link}`}
            data-device={device.id}
            data-link={device.link}
          >
            <span className="device__dot" aria-hidden="true" />
            {t('devices.item', {
              kind: isKnownKind(device.kind) ? t(`devices.kinds.${device.kind}`) : device.kind,
              link: t(`devices.links.${device.link}`),
            })}
          </li>
        ))}
      </ul>
    </footer>
  );
}
