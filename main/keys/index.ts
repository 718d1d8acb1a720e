/** The kiosk's own key pair (DESIGN §5, §7). */
export {
  loadOrCreateDeviceKey,
  createEphemeralDeviceKey,
  DEVICE_PRIVATE_KEY_FILE,
  DEVICE_PUBLIC_JWK_FILE,
  type DeviceKey,
  type DeviceKeyError,
  type DeviceKeyOptions,
} from './device-key';
export { signEs256, verifyEs256, publicKeyFromJwk } from './es256';
export { jwkThumbprint, type EcPublicJwk } from './jwk-thumbprint';
