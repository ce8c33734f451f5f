import * as z from 'zod';
import { DeviceSettings } from './content.js';
import { messageId } from './telemetry.js';
import { isoDateTime } from './primitives.js';
import { SoftwareTarget } from './target-state.js';

/**
 * Remote commands: cloud -> device on `commands`, results device -> cloud on `commands/<id>/result`.
 * The envelope is parsed first (so a command with a bad `params` can still be answered by id),
 * then `params` by the schema of its type.
 */
export const COMMAND_VERSION = 1;

export const CommandEnvelope = z.looseObject({
  v: z
    .number()
    .int()
    .min(1)
    .max(COMMAND_VERSION, { message: `this device understands command schema up to ${COMMAND_VERSION}` })
    .default(1),
  id: messageId,
  type: z.string().min(1).max(40),
  params: z.unknown().optional(),
  issuedAt: isoDateTime,
  /** Required: a command that waited too long (a reboot queued for a week) must not run late. */
  expiresAt: isoDateTime,
  /** Set when the command was sent to many devices at once; each device reports its own result. */
  batchId: messageId.optional(),
});
export type CommandEnvelope = z.infer<typeof CommandEnvelope>;

const none = z.looseObject({}).default({});

/**
 * A partial DeviceSettings: each given key is checked against its own field schema. (zod's
 * `.partial()` would fill every default in, turning a one-key change into a reset of the rest.)
 */
const settingsFields = DeviceSettings.shape as Record<string, z.ZodType>;
export const SettingsPatch = z.record(z.string(), z.unknown()).superRefine((patch, ctx) => {
  const keys = Object.keys(patch);
  if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'settings: give at least one setting to change' });
  for (const key of keys) {
    const field = key === 'id' || key === 'updatedAt' ? undefined : settingsFields[key];
    if (!field) {
      ctx.addIssue({ code: 'custom', path: [key], message: `unknown setting "${key}"` });
      continue;
    }
    const checked = field.safeParse(patch[key]);
    if (!checked.success) {
      for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', path: [key, ...issue.path.map(String)], message: issue.message });
    }
  }
});
export type SettingsPatch = Partial<DeviceSettings>;

/** Every command type this protocol version defines, with the schema of its params. */
export const commandParams = {
  'reload-display': none,
  'restart-app': none,
  reboot: none,
  'sync-now': none,
  screenshot: none,
  'set-settings': z.looseObject({ settings: SettingsPatch }),
  'display-power': z.looseObject({ on: z.boolean() }),
  identify: z.looseObject({ seconds: z.number().int().min(1).max(300).default(10) }).default({ seconds: 10 }),
  'collect-logs': z.looseObject({ lines: z.number().int().min(1).max(5000).default(200) }).default({ lines: 200 }),
  'clear-cache': none,
  /**
   * Install a release: the one the target state offers (no params), the offered one only if it
   * is `version`, or the `release` given whole (a SoftwareUpdate row). `now` switches at once
   * instead of in the next maintenance window.
   */
  'update-software': z
    .looseObject({ version: z.string().min(1).max(64).optional(), now: z.boolean().default(false), release: SoftwareTarget.optional() })
    .default({ now: false }),
} as const;
export type CommandType = keyof typeof commandParams;
export const commandTypes = Object.keys(commandParams) as CommandType[];
export type CommandParams<T extends CommandType> = z.infer<(typeof commandParams)[T]>;

interface CommandBase {
  v: number;
  id: string;
  issuedAt: string;
  expiresAt: string;
  batchId?: string;
}
/** A command whose envelope and params both parsed. */
export type Command = { [T in CommandType]: CommandBase & { type: T; params: CommandParams<T> } }[CommandType];

export const CommandStatus = z.enum(['accepted', 'succeeded', 'failed', 'rejected']);
export type CommandStatus = z.infer<typeof CommandStatus>;

/** The longest reason a result carries; a device cuts a longer one to fit. */
export const COMMAND_REASON_MAX = 2000;

/** The largest command message a device reads; a larger one is refused unread (settings are the largest, a few KiB). */
export const COMMAND_MAX_BYTES = 64 * 1024;

export const CommandResult = z.looseObject({
  v: z.number().int().min(1).max(COMMAND_VERSION),
  id: messageId,
  type: z.string().max(40).optional(),
  batchId: messageId.optional(),
  status: CommandStatus,
  at: isoDateTime,
  /** Why it was rejected or failed, in words a person can act on. */
  reason: z.string().max(COMMAND_REASON_MAX).optional(),
  /** What a succeeded command produced (a screenshot id, log lines, the applied settings). */
  output: z.unknown().optional(),
  /** True when this repeats an earlier final result for a redelivered command id; nothing ran again. */
  repeat: z.boolean().optional(),
});
export type CommandResult = z.infer<typeof CommandResult>;
