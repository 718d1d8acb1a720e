import type { Screen } from '../contracts/bridge';

/**
 * The screens with a Help button: every step of a session. Attract has no patient yet (and main
 * would have nobody to call back about), and an out-of-service kiosk takes no events.
 */
export function offersHelp(screen: Screen): boolean {
  return screen !== 'attract' && screen !== 'out_of_service';
}
