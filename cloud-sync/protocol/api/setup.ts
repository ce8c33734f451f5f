import { z } from 'zod';

/**
 * A standalone screen's first run (`luach start --standalone`): the wall shows its console's
 * address and a short code; the phone that enters the code proves it is in the room and sets
 * the account's email and password. Only a standalone gateway has these routes.
 */
export const SetupStatus = z
  .object({
    /** True until someone has set up the screen; the console then shows its setup page. */
    needed: z.boolean(),
    /** The gateway runs inside the screen itself (no cloud account). */
    standalone: z.literal(true),
  })
  .meta({ id: 'SetupStatus' });

export const FirstRunSetup = z.strictObject({
  code: z.string().trim().min(1, { error: 'enter the code the screen shows' }).max(20),
  email: z.string().trim().min(3).max(320),
  password: z.string().min(10, { error: 'a password has at least 10 characters' }).max(256),
});
export type FirstRunSetup = z.infer<typeof FirstRunSetup>;
