import { signal } from '@preact/signals';

/** The page shown: the address's path, so a reload or a shared link opens the same page. */
export const route = signal(window.location.pathname);

window.addEventListener('popstate', () => (route.value = window.location.pathname));

export function go(path: string): void {
  if (path === route.value) return;
  window.history.pushState(null, '', path);
  route.value = path;
  window.scrollTo(0, 0);
}
