import { z } from 'zod';
import { UiEvent, UiSnapshot } from './bridge';

/**
 * The KioskBridge carried over a WebSocket by main/web-host (for machines without Electron and for
 * browser e2e). The page is served at http://127.0.0.1:<port>/?token=<per-launch token>; the socket
 * connects to ws://127.0.0.1:<port>/bridge?token=<same token> from that same origin.
 */
export const WEB_BRIDGE_PATH = '/bridge';

export const ServerMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('snapshot'), snapshot: UiSnapshot }),
  /** The event the client sent was refused; `reason` says why (schema, unknown type…). */
  z.strictObject({ type: z.literal('rejected'), reason: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export const ClientMessage = z.strictObject({ type: z.literal('event'), event: UiEvent });
export type ClientMessage = z.infer<typeof ClientMessage>;
