/**
 * The device's HTTP endpoints on the gateway: one list, read by the device's client and the
 * gateway's routes alike, so a renamed path fails type-checking on both ends.
 */
export const DEVICE_HTTP = {
  /** GET with `If-None-Match`: the device's whole target state, or 304. */
  state: '/device/v1/state',
  /** POST { code }: trade a pairing code for the device's credentials (protocol/pairing.ts). */
  pair: '/device/v1/pair',
  /** POST image/png: a screenshot the cloud asked for; answered with the stored asset's id. */
  screenshots: '/device/v1/screenshots',
  /** GET (Range allowed): the bytes of an asset the device's state names (protocol/assets.ts deviceAssetPath). */
  asset: '/device/v1/assets/:id',
} as const;

/** The header a device names itself with; the gateway refuses a token used under another id. */
export const DEVICE_ID_HEADER = 'X-Luach-Device';
