import { computed, signal } from '@preact/signals';
import type { FleetDevice } from '../../protocol/api/fleet.js';
import type { DeviceSettings, Synagogue } from '../../protocol/content.js';
import { actingAs, api, ApiFailure, call, csrfToken, everything, signedOut } from './api.js';

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: 'customer' | 'admin';
}
export type SynagogueRow = Synagogue & { id: string; userId: string };
export type SettingsRow = DeviceSettings & { id: string; deviceId: string };

export const user = signal<SessionUser | null>(null);
/** Standalone: the screen still waits for its first setup (null: not a standalone gateway). */
export const setupNeeded = signal<boolean | null>(null);
export const synagogues = signal<SynagogueRow[]>([]);
export const devices = signal<FleetDevice[]>([]);
export const chosenSynagogueId = signal<string | null>(null);
export const loading = signal(true);

export const synagogue = computed(() => synagogues.value.find((s) => s.id === chosenSynagogueId.value) ?? synagogues.value[0] ?? null);
/** The screen whose preview the console shows: the synagogue's first screen, else any. */
export const previewDevice = computed(() => {
  const shul = synagogue.value;
  return devices.value.find((d) => shul && d.synagogueId === shul.id) ?? null;
});

interface SessionInfo {
  user: SessionUser;
  csrfToken: string | null;
}

export function signedIn(session: SessionInfo): void {
  user.value = session.user;
  csrfToken.value = session.csrfToken;
  signedOut.value = false;
}

/** Who is signed in (and, on a standalone screen, whether it still needs setting up); then the synagogues and screens. */
export async function boot(): Promise<void> {
  loading.value = true;
  try {
    // Both at once: on a phone each round trip is the slow part of opening the console.
    const [needed, session] = await Promise.all([
      api.get<{ needed: boolean }>('/setup').then(
        (answer) => answer.needed,
        () => null,
      ),
      api.get<SessionInfo>('/session').then(
        (info) => ({ info }),
        (error: unknown) => ({ error }),
      ),
    ]);
    setupNeeded.value = needed;
    if ('info' in session) signedIn(session.info);
    else {
      const { error } = session;
      if (!(error instanceof ApiFailure) || error.status !== 401) throw error;
      user.value = null;
      signedOut.value = false;
      return;
    }
    await refresh();
  } finally {
    loading.value = false;
  }
}

export async function refresh(): Promise<void> {
  if (user.value?.role === 'admin' && !actingAs.value) {
    synagogues.value = [];
    devices.value = [];
    return;
  }
  const [shuls, screens] = await Promise.all([everything<SynagogueRow>('/synagogues'), everything<FleetDevice>('/devices')]);
  synagogues.value = shuls;
  devices.value = screens;
}

export async function signOut(): Promise<void> {
  await call('DELETE', '/session').catch(() => undefined);
  user.value = null;
  csrfToken.value = null;
}
