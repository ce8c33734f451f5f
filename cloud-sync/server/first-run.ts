/**
 * A standalone screen not yet set up. The gateway asks it for the code the wall shows now
 * (null once set up) and tells it when a phone has proved it is in the room.
 */
export interface FirstRun {
  /** The account the phone sets the email and password of: the screen's own customer. */
  readonly ownerId: string;
  code(): string | null;
  completed(): void;
}
