import '@fontsource/heebo/hebrew-400.css';
import '@fontsource/heebo/hebrew-700.css';
import '@fontsource/heebo/latin-400.css';
import '@fontsource/heebo/latin-700.css';
import '@fontsource/frank-ruhl-libre/hebrew-700.css';
import '@fontsource/frank-ruhl-libre/latin-700.css';
import './styles.css';
import './themes.css';
import './slides.css';
import './setup-notice.css';
import type { DisplayModel } from '../device/model/display-model.js';
import { DisplayApp } from './app.js';
import { connectFeed, reportDrawn } from './feed.js';
import { Settle } from './settle.js';
import { pinWallClock } from './wall-clock.js';

/** Every face the wall sets text in, asked for at once rather than when text first needs it. */
const FACES = ['400 1em Heebo', '700 1em Heebo', '700 1em "Frank Ruhl Libre"'];
/** Longer than the bundled fonts ever take; past it the wall is drawn in the fallback face and fitted again later. */
const FONT_WAIT_MS = 1500;

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
const app = new DisplayApp(root);
const settle = new Settle(root);

// The first picture waits for the fonts (local files, loading while the model is on its way), so
// it is measured, laid out and rastered once, in its own faces: no second full-screen raster
// when they arrive, and the first frame is the whole wall.
let drawn = false;
let waiting: DisplayModel | undefined;
const fontsLoaded = Promise.all(FACES.map((face) => document.fonts.load(face, 'אa'))).then(
  (faces) => new Set(faces.flat()),
  () => new Set<FontFace>(),
);
void Promise.race([fontsLoaded, new Promise<Set<FontFace>>((resolve) => window.setTimeout(() => resolve(new Set()), FONT_WAIT_MS))]).then((measuredIn) => {
  drawn = true;
  if (waiting) show(waiting);
  waiting = undefined;
  // Text is fitted to its box by measuring it; a face that arrives later, or a new screen size,
  // changes the measure. Both are waited for on real time (the fonts' own promise, the layout's
  // resize report), never on a timer, so the fit is right however slow the machine is.
  document.fonts.addEventListener('loadingdone', (event) => {
    // The faces the first picture was measured in report their arrival too, possibly after it: not news.
    if ((event as FontFaceSetLoadEvent).fontfaces.some((face) => !measuredIn.has(face))) void document.fonts.ready.then(refit);
  });
  let size = `${window.innerWidth}x${window.innerHeight}`;
  new ResizeObserver(() => {
    const now = `${window.innerWidth}x${window.innerHeight}`;
    if (now !== size) refit();
    size = now;
  }).observe(document.documentElement);
});

function show(model: DisplayModel): void {
  app.update(model);
  reportDrawn(model);
  settle.start();
  settle.changed();
}

function refit(): void {
  app.refit();
  settle.changed();
}

connectFeed({
  model: (model) => (drawn ? show(model) : (waiting = model)),
  connection: (up) => app.connection(up),
  moment: (at) => pinWallClock(at),
});
