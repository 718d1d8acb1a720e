import type { OximeterPacket } from '../../../hardware/oximeter/codec';

/** Everything a packet carries, frame by frame (three characters per frame: cheap to compare). */
export function packetKey(packet: OximeterPacket): string {
  let key = '';
  for (const f of packet.frames) key += String.fromCharCode(f.status, f.pleth, f.data);
  return key;
}
