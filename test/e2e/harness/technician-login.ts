import { DEMO_TECHNICIAN } from '../../../main/demo/prepare-demo';
import type { TechnicianToolId } from '../../../contracts/technician-tools';
import type { KioskHarness } from './kiosk-harness';

/**
 * The demo technician's login as a technician does it: the service badge scanned at the attract
 * screen, the PIN typed on the keypad. Shared by every technician e2e test.
 */

export const technicianStep = (kiosk: KioskHarness, name: string) =>
  kiosk.page.locator(`[data-screen="technician"] [data-step="${name}"]`).first();

export async function typeTechnicianPin(kiosk: KioskHarness, pin: string): Promise<void> {
  await technicianStep(kiosk, 'pin').waitFor();
  const keypad = kiosk.page.locator('[data-screen="technician"] .keypad');
  for (const digit of pin) await keypad.getByRole('button', { name: digit, exact: true }).click();
  await kiosk.page.locator('[data-action="tech-submit-pin"]').first().click();
}

/** A badge's QR scanned at the attract screen and its PIN typed: on to the panel (overview). */
export async function loginTechnician(
  kiosk: KioskHarness,
  badgeQrText: string,
  pin: string,
): Promise<void> {
  await kiosk.scan(badgeQrText, ']Q1');
  await kiosk.waitForScreen('technician');
  await typeTechnicianPin(kiosk, pin);
  await technicianStep(kiosk, 'panel').waitFor();
}

/** From attract to the logged-in panel (overview). */
export async function loginDemoTechnician(kiosk: KioskHarness): Promise<void> {
  await loginTechnician(kiosk, kiosk.demo.technicianBadge.qrText, DEMO_TECHNICIAN.pin);
}

/** Opens one of the panel's tool tabs (null: the overview) and waits for it. */
export async function openTechnicianTool(
  kiosk: KioskHarness,
  tool: TechnicianToolId | null,
): Promise<void> {
  await kiosk.page.locator(`[data-tool-tab="${tool ?? 'overview'}"]`).click();
  if (tool) await kiosk.page.locator(`[data-tool="${tool}"]`).waitFor();
  else await kiosk.page.locator('.tech-panel__cards').waitFor();
}
