import * as z from 'zod';

/** POST /device/v1/pair: a person types the code the cloud shows into the device. */
export const PairingRequest = z.object({ code: z.string().min(1).max(64) });
export type PairingRequest = z.infer<typeof PairingRequest>;

/** What pairing issues, once: the HTTP bearer token and the broker login (username = deviceId). */
export const PairingAnswer = z.object({
  deviceId: z.string().min(1),
  credentialId: z.string().min(1),
  token: z.string().min(1),
  mqtt: z.object({ username: z.string().min(1), password: z.string().min(1) }),
});
export type PairingAnswer = z.infer<typeof PairingAnswer>;
