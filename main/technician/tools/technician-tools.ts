import type { UiEvent } from '../../../contracts/bridge';
import type { TechnicianToolId, TechnicianToolsView } from '../../../contracts/technician-tools';
import type { TechnicianIdentity } from '../../../state-machines/diagnostics';
import { createCabinetTool } from './cabinet/cabinet-tool';
import { createDispenserTool } from './dispenser/dispenser-tool';
import { createPrinterTool } from './printer/printer-tool';
import { createRestockTool } from './restock/restock-tool';
import { createScannerTool } from './scanner/scanner-tool';
import { createTrafficTool } from './traffic/traffic-tool';
import { createVitalsTool } from './vitals/vitals-tool';
import type { TechnicianTool, TechnicianToolContext } from './technician-tool';

/**
 * The technician panel's tools together: their views for the snapshot, each `TECH_` event to the
 * tool that declares it, scans to the tool that is open. Main calls this only while a technician
 * is logged in to the panel.
 */
export interface TechnicianTools {
  view(): TechnicianToolsView;
  /** True when a tool took the event. */
  handle(event: UiEvent, who: TechnicianIdentity): boolean;
  scan(scan: { text: string; aim: string | null }, who: TechnicianIdentity): void;
  /** The technician left: every tool forgets its work in progress; the overview opens next. */
  reset(): void;
  stop(): Promise<void>;
}

// Each tool's own event union is checked by its contract; here they are routed by `type` alone.
type AnyTool = TechnicianTool<unknown, never>;

export function createTechnicianTools(context: TechnicianToolContext): TechnicianTools {
  const tools = {
    traffic: createTrafficTool(context),
    dispenser: createDispenserTool(context),
    scanner: createScannerTool(context),
    vitals: createVitalsTool(context),
    printer: createPrinterTool(context),
    restock: createRestockTool(context),
    cabinet: createCabinetTool(context),
  } satisfies Record<TechnicianToolId, AnyTool>;
  let active: TechnicianToolId | null = null;
  const toolFor = new Map<string, AnyTool>();
  for (const tool of Object.values(tools) as AnyTool[])
    for (const type of tool.eventTypes) toolFor.set(type, tool);

  return {
    view: () => ({
      active,
      traffic: tools.traffic.view(),
      dispenser: tools.dispenser.view(),
      scanner: tools.scanner.view(),
      vitals: tools.vitals.view(),
      printer: tools.printer.view(),
      restock: tools.restock.view(),
      cabinet: tools.cabinet.view(),
    }),
    handle(event, who) {
      if (event.type === 'TECH_OPEN_TOOL') {
        active = event.tool;
        context.changed();
        return true;
      }
      const tool = toolFor.get(event.type);
      if (!tool) return false;
      (tool.handle as (event: UiEvent, who: TechnicianIdentity) => void)(event, who);
      return true;
    },
    scan(scan, who) {
      if (active) (tools[active] as AnyTool).scan?.(scan, who);
    },
    reset() {
      active = null;
      for (const tool of Object.values(tools) as AnyTool[]) tool.reset?.();
    },
    async stop() {
      for (const tool of Object.values(tools) as AnyTool[]) await tool.stop?.();
    },
  };
}
