import { useTranslation } from 'react-i18next';
import type { UiEvent } from '../../contracts/bridge';
import { TECHNICIAN_TOOL_IDS, type TechnicianToolId } from '../../contracts/technician-tools';

/**
 * The panel's tabs: the overview (devices, sync, self-test, bundle) and one per tool. Main keeps
 * which is open, because scans go to the open tool (a pack scanned on the restock tab restocks).
 */
export function ToolTabs({
  active,
  send,
}: {
  active: TechnicianToolId | null;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  const tabs: { id: TechnicianToolId | null; label: string }[] = [
    { id: null, label: t('technician.panel.overview') },
    ...TECHNICIAN_TOOL_IDS.map((id) => ({ id, label: t(`technician.tools.${id}.title`) })),
  ];
  return (
    <nav className="tech-tabs" aria-label={t('technician.panel.tools')}>
      {tabs.map((tab) => (
        <button
          key={tab.id ?? 'overview'}
          type="button"
          className="tech-tabs__tab"
          data-tool-tab={tab.id ?? 'overview'}
          aria-current={tab.id === active ? 'page' : undefined}
          onClick={() => send({ type: 'TECH_OPEN_TOOL', tool: tab.id })}
        >
          {tab.label}
        </button>
      ))}
    </nav>
  );
}
