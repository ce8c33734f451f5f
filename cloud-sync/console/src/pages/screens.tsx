import { useEffect, useState } from 'preact/hooks';
import type { FleetDevice } from '../../../protocol/api/fleet.js';
import { api, ApiFailure, everything } from '../api.js';
import { t, type WordKey } from '../i18n.js';
import { FormProblem, SelectField, TextField } from '../parts/fields.js';
import { useForm } from '../parts/form.js';
import { Sparkline } from '../parts/sparkline.js';
import { devices, refresh, setupNeeded, synagogue, synagogues } from '../store.js';

/** The commands a gabbai sends, in words; the protocol's type and params behind each. */
const COMMANDS = [
  { word: 'command_identify', type: 'identify', params: { seconds: 30 } },
  { word: 'command_reload', type: 'reload-display' },
  { word: 'command_screenshot', type: 'screenshot' },
  { word: 'command_sync', type: 'sync-now' },
  { word: 'command_restart', type: 'restart-app' },
  { word: 'command_screenOn', type: 'display-power', params: { on: true } },
  { word: 'command_screenOff', type: 'display-power', params: { on: false } },
] as const satisfies readonly { word: WordKey; type: string; params?: object }[];
type Command = (typeof COMMANDS)[number];

/** What a glance must tell: online, in sync, dark on purpose, or in trouble. */
function stateOf(device: FleetDevice): { word: WordKey; tone: 'good' | 'quiet' | 'bad' } {
  if (device.status === 'pending') return { word: 'statePending', tone: 'quiet' };
  if (device.status === 'disabled' || device.status === 'retired') return { word: 'stateRevoked', tone: 'quiet' };
  if (!device.online) return { word: 'stateOffline', tone: 'bad' };
  if (device.displayPower === 'off') return { word: 'stateDark', tone: 'quiet' };
  if (device.alerts.length) return { word: 'stateTrouble', tone: 'bad' };
  if (device.stateCurrent === false) return { word: 'stateBehind', tone: 'bad' };
  return { word: 'stateGood', tone: 'good' };
}

/** Screens: which are online, in sync, dark on purpose or in trouble; pair a new one; send a command to one or many. */
export function ScreensPage() {
  const [open, setOpen] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [batch, setBatch] = useState<string | null>(null);
  const list = devices.value;
  const standalone = setupNeeded.value !== null;
  useEffect(() => void refresh(), []);
  const sendBatch = async (command: Command) => {
    try {
      await api.post('/batch-commands', { type: command.type, ...('params' in command ? { params: command.params } : {}), deviceIds: chosen });
      setBatch(t('batchSent', { count: chosen.length }));
    } catch (error) {
      setBatch(error instanceof ApiFailure ? error.message : String(error));
    }
  };
  if (open) return <ScreenDetail id={open} back={() => setOpen(null)} standalone={standalone} />;
  return (
    <section class="card" aria-labelledby="screens-title">
      <h1 id="screens-title">{t('navScreens')}</h1>
      <ul class="rows screens">
        {list.map((device) => {
          const state = stateOf(device);
          return (
            <li key={device.id}>
              {standalone ? null : (
                <input
                  type="checkbox"
                  aria-label={t('chooseScreen', { name: device.name })}
                  checked={chosen.includes(device.id)}
                  onChange={(e) => setChosen((e.target as HTMLInputElement).checked ? [...chosen, device.id] : chosen.filter((id) => id !== device.id))}
                />
              )}
              <button type="button" class="row-button" onClick={() => setOpen(device.id)}>
                <strong dir="auto">{device.name}</strong>
                <span class={`state state-${state.tone}`} data-state={state.word}>
                  {t(state.word)}
                </span>
                <span class="muted">{device.alerts.map((a) => a.message).join(' · ')}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {chosen.length && !standalone ? (
        <div class="actions" role="group" aria-label={t('sendToChosen', { count: chosen.length })}>
          {COMMANDS.map((command) => (
            <button key={command.word} type="button" class="secondary" onClick={() => void sendBatch(command)}>
              {t(command.word)}
            </button>
          ))}
        </div>
      ) : null}
      {batch ? <p role="status">{batch}</p> : null}
      {standalone ? null : <AddScreen />}
    </section>
  );
}

/** A new screen: named, given a synagogue, and a code to type on it (`luach pair --code …`). */
function AddScreen() {
  const form = useForm({ name: '', synagogueId: synagogue.value?.id ?? '' });
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const add = (event: Event) => {
    event.preventDefault();
    void form.submit(async () => {
      const created = await api.post<FleetDevice>('/devices', { name: form.values.name, synagogueId: form.values.synagogueId || null });
      setCode(await api.post(`/devices/${created.id}/pairing-code`, {}));
      await refresh();
    });
  };
  return (
    <form class="subcard" onSubmit={add} noValidate aria-labelledby="add-screen-title">
      <h2 id="add-screen-title">{t('addScreen')}</h2>
      <FormProblem message={form.problem} />
      <TextField name="name" label={t('screenName')} value={form.values.name} onInput={(x) => form.set('name', x)} error={form.error('name')} />
      <SelectField
        name="synagogueId"
        label={t('synagogueTitle')}
        value={form.values.synagogueId}
        options={synagogues.value.map((s) => ({ value: s.id, label: s.name }))}
        onChange={(x) => form.set('synagogueId', x)}
        error={form.error('synagogueId')}
      />
      <button type="submit" disabled={form.saving}>
        {t('addScreen')}
      </button>
      {code ? (
        <div class="pairing" role="status">
          <p>{t('pairingCodeIs')}</p>
          <p class="code" dir="ltr">
            {code.code}
          </p>
          <p class="muted">{t('pairingHow')}</p>
          <code dir="ltr">
            luach pair --api {window.location.origin} --code {code.code}
          </code>
        </div>
      ) : null}
    </form>
  );
}

interface Metric {
  sampledAt: string;
  cpuPercent: number | null;
  cpuTemperatureC: number | null;
}

function ScreenDetail(props: { id: string; back(): void; standalone: boolean }) {
  const device = devices.value.find((d) => d.id === props.id);
  const [shots, setShots] = useState<{ id: string; url: string; createdAt: string }[]>([]);
  const [metrics, setMetrics] = useState<Metric[]>([]);
  const [sent, setSent] = useState<string | null>(null);
  useEffect(() => {
    void everything<{ id: string; url: string; createdAt: string }>(`/devices/${props.id}/screenshots`).then((all) => setShots(all.slice(-1)));
    void api.get<{ items: Metric[] }>(`/devices/${props.id}/metrics`).then((m) => setMetrics(m.items));
  }, [props.id]);
  if (!device) return null;
  const send = async (command: Command) => {
    try {
      await api.post(`/devices/${device.id}/commands`, { type: command.type, ...('params' in command ? { params: command.params } : {}) });
      setSent(t('commandSent', { command: t(command.word) }));
    } catch (error) {
      setSent(error instanceof ApiFailure ? error.message : String(error));
    }
  };
  const times = metrics.map((m) => Date.parse(m.sampledAt) / 1000);
  const state = stateOf(device);
  return (
    <section class="card" aria-labelledby="screen-title">
      <button type="button" class="link" onClick={props.back}>
        {t('back')}
      </button>
      <h1 id="screen-title" dir="auto">
        {device.name}
      </h1>
      <p class={`state state-${state.tone}`}>{t(state.word)}</p>
      <dl class="facts">
        <dt>{t('lastSeen')}</dt>
        <dd>{device.lastSeenAt ? new Date(device.lastSeenAt).toLocaleString(document.documentElement.lang) : '—'}</dd>
        <dt>{t('appVersion')}</dt>
        <dd dir="ltr">{device.appVersion ?? '—'}</dd>
        <dt>{t('inSync')}</dt>
        <dd>{device.stateCurrent === null ? '—' : device.stateCurrent ? t('yes') : t('no')}</dd>
      </dl>
      {device.alerts.length ? (
        <ul class="alerts">
          {device.alerts.map((alert) => (
            <li key={alert.kind}>{alert.message}</li>
          ))}
        </ul>
      ) : null}
      {metrics.length ? (
        <div class="sparklines">
          <Sparkline label={t('cpu')} unit="%" times={times} values={metrics.map((m) => m.cpuPercent)} />
          <Sparkline label={t('temperature')} unit="°C" times={times} values={metrics.map((m) => m.cpuTemperatureC)} />
        </div>
      ) : (
        <p class="muted">{t('noMetrics')}</p>
      )}
      {shots[0] ? (
        <img
          class="screenshot"
          src={shots[0].url}
          alt={t('lastScreenshot', { when: new Date(shots[0].createdAt).toLocaleString(document.documentElement.lang) })}
        />
      ) : null}
      {props.standalone ? (
        <p class="muted">{t('standaloneNoCommands')}</p>
      ) : (
        <div class="actions" role="group" aria-label={t('commands')}>
          {COMMANDS.map((command) => (
            <button key={command.word} type="button" class="secondary" onClick={() => void send(command)}>
              {t(command.word)}
            </button>
          ))}
        </div>
      )}
      {sent ? <p role="status">{sent}</p> : null}
    </section>
  );
}
