import type { ComponentType } from 'react';
import type { Screen } from '../../contracts/bridge';
import { AttractScreen } from './AttractScreen';
import { ConfirmScreen } from './ConfirmScreen';
import { DispensingScreen } from './DispensingScreen';
import { DoneScreen } from './DoneScreen';
import { EnterCodeScreen } from './EnterCodeScreen';
import { IdentifyScreen } from './IdentifyScreen';
import { OutOfServiceScreen } from './OutOfServiceScreen';
import { PrintingScreen } from './PrintingScreen';
import { RefusedScreen } from './RefusedScreen';
import { ScanScreen } from './ScanScreen';
import { TechnicianScreen } from './TechnicianScreen';
import { VerifyingScreen } from './VerifyingScreen';
import { VitalsScreen } from './VitalsScreen';
import type { ScreenProps } from './screen-props';

/** One component per screen of contracts/bridge.ts SCREENS; the Record makes a missing one a type error. */
export const SCREEN_COMPONENTS: Record<Screen, ComponentType<ScreenProps>> = {
  attract: AttractScreen,
  scan: ScanScreen,
  verifying: VerifyingScreen,
  enter_code: EnterCodeScreen,
  identify: IdentifyScreen,
  vitals: VitalsScreen,
  confirm: ConfirmScreen,
  dispensing: DispensingScreen,
  printing: PrintingScreen,
  done: DoneScreen,
  refused: RefusedScreen,
  out_of_service: OutOfServiceScreen,
  technician: TechnicianScreen,
};
