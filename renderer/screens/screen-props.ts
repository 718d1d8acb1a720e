import type { UiEvent, UiSnapshot } from '../../contracts/bridge';

/** Every screen renders one snapshot and can only send UiEvents back. */
export interface ScreenProps {
  snapshot: UiSnapshot;
  send: (event: UiEvent) => void;
}
