import type { Screen } from '../contracts/bridge';

/**
 * The screens with a Help button: every step of a session. Attract has no patient yet (and main
 * would have nobody to call back about), an out-of-service kiosk takes no events, and the
 * technician screens serve a technician, not a patient.
 */
export function offersHelp(screen: Screen): boolean {
  return screen !== 'attract' && screen !== 'out_of_service' && screen !== 'technician';
}
