/**
 * A device's last error in plain words. The supervisor reports whatever the transport or driver
 * said (an errno message, "no POLL from the board for 3 s", a framing complaint), in English and
 * for developers; the technician gets the kind of fault first and the raw text under it.
 * Order matters: the first pattern that matches names the fault.
 */
export const DEVICE_FAULTS = [
  'permission',
  'notFound',
  'busy',
  'noAnswer',
  'disconnected',
  'garbled',
] as const;
export type DeviceFault = (typeof DEVICE_FAULTS)[number];

const PATTERNS: ReadonlyArray<readonly [DeviceFault, RegExp]> = [
  // serialport says "Permission denied, cannot open …": the cause first, then the symptom.
  ['permission', /EACCES|EPERM|permission denied|access denied/i],
  ['notFound', /ENOENT|ENODEV|no such (file|device)|not found/i],
  ['busy', /EBUSY|resource busy|already (open|in use)|cannot lock/i],
  ['noAnswer', /time(d)? ?out|ETIMEDOUT|no (answer|reply|response|POLL)|not answering/i],
  ['disconnected', /EIO\b|ENXIO|disconnect|unplug|closed|lost|hang ?up|EPIPE|ECONNRESET/i],
  ['garbled', /checksum|crc|garbl|framing|out of sync|malformed|bad frame|parity|overrun/i],
];

/** The fault a raw error message describes, or null when it is none the renderer knows. */
export function deviceFault(raw: string): DeviceFault | null {
  for (const [fault, pattern] of PATTERNS) if (pattern.test(raw)) return fault;
  return null;
}
