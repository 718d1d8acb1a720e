import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent, UiSnapshot } from '../../contracts/bridge';
import { BigButton } from '../components/BigButton';
import { BundleCard } from './BundleCard';
import { DeviceCard } from './DeviceCard';
import { SelfTestCard } from './SelfTestCard';
import { SyncCard } from './SyncCard';
import { ToolTabs } from './ToolTabs';
import { CabinetPanel } from './tools/cabinet/CabinetPanel';
import { DispenserPanel } from './tools/dispenser/DispenserPanel';
import { PrinterPanel } from './tools/printer/PrinterPanel';
import { RestockPanel } from './tools/restock/RestockPanel';
import { ScannerPanel } from './tools/scanner/ScannerPanel';
import { TrafficPanel } from './tools/traffic/TrafficPanel';
import { VitalsPanel } from './tools/vitals/VitalsPanel';

const TOOL_PANELS = {
  traffic: TrafficPanel,
  dispenser: DispenserPanel,
  scanner: ScannerPanel,
  vitals: VitalsPanel,
  printer: PrinterPanel,
  restock: RestockPanel,
  cabinet: CabinetPanel,
} as const;

/** The open tool's panel. */
function ToolPanel({ view, send }: { view: TechnicianView; send: (event: UiEvent) => void }) {
  const Panel = view.tools.active ? TOOL_PANELS[view.tools.active] : null;
  return Panel ? <Panel view={view} send={send} /> : null;
}

/**
 * The logged-in technician's panel: who is logged in and Log out at the top, the tool tabs, then
 * the overview (a card per concern: each device, sync, the self-test and the diagnostics bundle)
 * or the open tool. It scrolls on its own when the cards do not fit. Nothing here is about a
 * patient.
 */
export function TechnicianPanel({
  view,
  devices,
  send,
}: {
  view: TechnicianView;
  /** The snapshot's device list, for each device's kind (the technician view has only ids). */
  devices: UiSnapshot['devices'];
  send: (event: UiEvent) => void;
}) {
  const { t, i18n } = useTranslation();
  const devicesHeadingId = useId();
  const technician = view.technician;
  const kindOf = (id: string) => devices.find((device) => device.id === id)?.kind;
  return (
    <main className="screen screen--technician tech-panel" data-screen="technician">
      <div className="tech-panel__content" data-step="panel">
        <header className="tech-panel__header">
          <div className="tech-panel__who">
            <h1 className="tech-panel__title">{t('screens.technician.title')}</h1>
            {technician && (
              <p className="tech-panel__technician" data-technician={technician.technicianId}>
                {t('technician.panel.signedIn', {
                  name: technician.name,
                  id: technician.technicianId,
                })}
                {technician.roles.length > 0 && (
                  <span className="tech-panel__roles">
                    {t('technician.panel.roles', {
                      roles: new Intl.ListFormat(i18n.language, { type: 'unit' }).format(
                        technician.roles,
                      ),
                    })}
                  </span>
                )}
              </p>
            )}
          </div>
          <BigButton
            label={t('technician.panel.logout')}
            icon="close"
            variant="cancel"
            action="tech-logout"
            onPress={() => send({ type: 'TECH_LOGOUT' })}
          />
        </header>
        <ToolTabs active={view.tools.active} send={send} />
        {view.tools.active ? (
          <ToolPanel view={view} send={send} />
        ) : (
          <div className="tech-panel__cards">
            <section className="tech-card tech-card--devices" aria-labelledby={devicesHeadingId}>
              <h2 className="tech-card__title" id={devicesHeadingId}>
                {t('technician.devices.title')}
              </h2>
              {view.devices.length === 0 ? (
                <p className="tech-card__about">{t('technician.devices.none')}</p>
              ) : (
                <ul className="tech-devices">
                  {view.devices.map((device) => (
                    <DeviceCard key={device.id} device={device} kind={kindOf(device.id)} />
                  ))}
                </ul>
              )}
            </section>
            <SyncCard sync={view.sync} send={send} />
            <SelfTestCard view={view} send={send} />
            <BundleCard view={view} send={send} />
          </div>
        )}
      </div>
    </main>
  );
}
