import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';
import { CabinetCard } from './CabinetCard';
import { DropSensorCard } from './DropSensorCard';
import { RotateCard } from './RotateCard';
import './dispenser.css';

/**
 * The technician panel's dispenser tool (issue 9 item 5): rotate a slot (a stock adjustment,
 * never a dispense), check the drop sensor, and see the door and cabinet temperature.
 */
export function DispenserPanel({
  view,
  send,
}: {
  view: TechnicianView;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  const dispenser = view.tools.dispenser;
  return (
    <section className="tech-tool dispenser-tool" data-tool="dispenser" data-link={dispenser.link}>
      <h2 className="tech-card__title">{t('technician.tools.dispenser.title')}</h2>
      <p className="tech-card__about">{t('technician.tools.dispenser.about')}</p>
      <RotateCard view={dispenser} send={send} />
      <DropSensorCard
        dropSensor={dispenser.dropSensor}
        checking={dispenser.dropSensorCheck === 'checking'}
        send={send}
      />
      <CabinetCard view={dispenser} send={send} />
    </section>
  );
}
