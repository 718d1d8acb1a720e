import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrafficFrame } from '../../../../contracts/technician/traffic';
import { CheckIcon } from '../../CheckIcon';
import { TrafficIcon } from './TrafficIcon';

/** hh:mm:ss.mmm: frames come several a second, so the milliseconds matter. */
function timeText(at: number, language: string): string {
  return new Intl.DateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  }).format(at);
}

/**
 * One frame: when, which way (arrow and word), the bytes in hex, what they decode to, and whether
 * they decoded (tick or cross and a word). Memoised: a new frame re-renders only its own row.
 */
export const TrafficFrameRow = memo(function TrafficFrameRow({ frame }: { frame: TrafficFrame }) {
  const { t, i18n } = useTranslation();
  const good = frame.error === null;
  return (
    <tr
      className={`traffic__frame traffic__frame--${good ? 'good' : 'bad'}`}
      data-frame-id={frame.id}
      data-dir={frame.dir}
      data-good={String(good)}
    >
      <td className="traffic__time">{timeText(frame.at, i18n.language)}</td>
      <td className="traffic__dir">
        <TrafficIcon name={frame.dir} />
        {t(`technician.tools.traffic.dir.${frame.dir}`)}
      </td>
      <td className="traffic__hex" data-hex>
        {frame.hex ?? <span className="traffic__none">{t('technician.tools.traffic.noHex')}</span>}
      </td>
      <td className="traffic__decoded" data-decoded>
        {frame.summary}
      </td>
      <td className="traffic__status">
        <CheckIcon passed={good} />
        {good
          ? t('technician.tools.traffic.good')
          : t('technician.tools.traffic.bad', { code: frame.error })}
      </td>
    </tr>
  );
});
