// Bundled to dist/electron/preload.cjs: a sandboxed preload can require only 'electron' (and a
// few Node shims), so everything else, zod and contracts included, is inlined by esbuild.
import './zod-jitless';
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './preload-api';

const kiosk = createPreloadBridge(ipcRenderer);

// Exactly { subscribe, send }: no ipcRenderer, no channel names, no generic invoke.
contextBridge.exposeInMainWorld('kiosk', { subscribe: kiosk.subscribe, send: kiosk.send });
