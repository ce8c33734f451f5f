/**
 * An offered release that can never install as it is (unsigned, an untrusted key, a bad
 * signature, a downgrade not signed as one, built for another CPU): remembered by the offer, so
 * it is not downloaded again until the cloud offers something else. Its message is the reason
 * UpdateStatus shows.
 */
export class UpdateRefused extends Error {
  override name = 'UpdateRefused';
}
