import { useEffect, useState } from 'react';
import type { UiSnapshot } from '../contracts/bridge';
import type { ConnectionState, RendererBridge } from './renderer-bridge';

export interface KioskView {
  snapshot: UiSnapshot | undefined;
  connection: ConnectionState;
}

/** The latest snapshot and the link state of a bridge, as React state. */
export function useKiosk(bridge: RendererBridge): KioskView {
  const [snapshot, setSnapshot] = useState<UiSnapshot | undefined>(undefined);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  useEffect(() => {
    const stopSnapshots = bridge.subscribe(setSnapshot);
    const stopConnection = bridge.watchConnection((state) => {
      setConnection(state);
      // A snapshot from before the link dropped may be stale: wait for the next one.
      if (state === 'connecting') setSnapshot(undefined);
    });
    return () => {
      stopSnapshots();
      stopConnection();
    };
  }, [bridge]);
  return { snapshot, connection };
}
