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
import { DisplayApp } from './app.js';
import { connectFeed } from './feed.js';
import { pinWallClock } from './wall-clock.js';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
const app = new DisplayApp(root);
connectFeed({ model: (model) => app.update(model), connection: (up) => app.connection(up), moment: (at) => pinWallClock(at) });

// Text is fitted to its box by measuring it; web fonts and a new screen size change the measure.
let refitting: number | undefined;
const refitSoon = () => {
  window.clearTimeout(refitting);
  refitting = window.setTimeout(() => app.refit(), 100);
};
document.fonts.addEventListener('loadingdone', refitSoon);
// Ask for the faces now rather than when text first needs them, so the first fit is measured in them.
void Promise.all(['400 1em Heebo', '700 1em Heebo', '700 1em "Frank Ruhl Libre"'].map((font) => document.fonts.load(font, 'אa'))).then(refitSoon);
window.addEventListener('resize', refitSoon);
