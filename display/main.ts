import '@fontsource/heebo/hebrew-400.css';
import '@fontsource/heebo/hebrew-700.css';
import '@fontsource/heebo/latin-400.css';
import '@fontsource/heebo/latin-700.css';
import '@fontsource/frank-ruhl-libre/hebrew-700.css';
import '@fontsource/frank-ruhl-libre/latin-700.css';
import './styles.css';
import { DisplayApp } from './app.js';
import { connectFeed } from './feed.js';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
const app = new DisplayApp(root);
connectFeed({ model: (model) => app.update(model), connection: (up) => app.connection(up) });
