import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../contracts/bridge';
import { BigButton } from '../components/BigButton';
import en from '../i18n/en.json';
import { agoText, durationText } from './technician-format';
import { useNow } from './use-now';

type KnownState = keyof typeof en.technician.sync.states;

function isKnownState(state: string): state is KnownState {
  return Object.hasOwn(en.technician.sync.states, state);
}

/** How often "last success … ago" is brought up to date. */
const AGO_REFRESH_MS = 10_000;

/**
 * The sync agent: its state, the last successful round (how long ago, by the renderer's clock),
 * events the hub does not hold yet, how old the oldest of them is, and the hub's clock against
 * the kiosk's. A kiosk that is not enrolled with a hub says so.
 */
export function SyncCard({
  sync,
  send,
}: {
  sync: TechnicianView['sync'];
  send: (event: UiEvent) => void;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const now = useNow(AGO_REFRESH_MS);
  const language = i18n.language;
  const unknown = t('technician.sync.unknown');
  return (
    <section
      className="tech-card tech-card--sync"
      aria-labelledby={headingId}
      data-sync={sync?.state ?? 'none'}
    >
      <h2 className="tech-card__title" id={headingId}>
        {t('technician.sync.title')}
      </h2>
      {sync === null ? (
        <p className="tech-card__about">{t('technician.sync.none')}</p>
      ) : (
        <dl className="tech-facts">
          <div className="tech-facts__row">
            <dt>{t('technician.sync.state')}</dt>
            <dd>
              {isKnownState(sync.state) ? t(`technician.sync.states.${sync.state}`) : sync.state}
            </dd>
          </div>
          <div className="tech-facts__row">
            <dt>{t('technician.sync.lastSuccess')}</dt>
            <dd>
              {sync.lastSuccessAt === null ? (
                t('technician.sync.never')
              ) : (
                <time dateTime={new Date(sync.lastSuccessAt).toISOString()}>
                  {agoText(sync.lastSuccessAt, now, language)}
                </time>
              )}
            </dd>
          </div>
          <div className="tech-facts__row">
            <dt>{t('technician.sync.backlog')}</dt>
            <dd data-backlog={sync.backlog}>
              {t('technician.sync.backlogEvents', { count: sync.backlog })}
            </dd>
          </div>
          <div className="tech-facts__row">
            <dt>{t('technician.sync.lag')}</dt>
            <dd>{sync.lagMs === null ? unknown : durationText(sync.lagMs, language)}</dd>
          </div>
          <div className="tech-facts__row">
            <dt>{t('technician.sync.hubOffset')}</dt>
            <dd>
              {sync.hubOffsetMs === null ? unknown : durationText(sync.hubOffsetMs, language, true)}
            </dd>
          </div>
          <div className="tech-facts__row">
            <dt>{t('technician.sync.lastError')}</dt>
            <dd>
              {sync.lastError === null ? (
                t('technician.devices.noError')
              ) : (
                <code className="tech-code">{sync.lastError}</code>
              )}
            </dd>
          </div>
        </dl>
      )}
      {sync !== null && (
        <div className="tech-card__actions">
          <BigButton
            label={t('technician.sync.now')}
            icon="start"
            variant="primary"
            action="tech-sync-now"
            disabled={sync.state === 'syncing'}
            onPress={() => send({ type: 'TECH_SYNC_NOW' })}
          />
        </div>
      )}
    </section>
  );
}
