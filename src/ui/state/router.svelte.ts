// Hash routing: the app is served from any sub-path (base './') and works offline from the SW cache.
// An address is a screen and the place inside it (../lib/route.ts): Back and reload return to it.
// The address shown last is kept on this device (setting `lastPlace`) and reopened when the app
// starts anew in a tab or window without an address of its own (not when this tab goes to `#/`).
import { parseHash, routeHash } from '../lib/route';
import { readAppSetting, writeSetting } from '../safety/settings';

/** Marks a tab in which the app has started already (sessionStorage lives as long as the tab). */
const STARTED = 'oko-started';

export class Router {
  current = $state(parseHash(location.hash).screen);
  /** The place inside the screen (decoded parts after the screen id). */
  parts = $state.raw<string[]>(parseHash(location.hash).parts);

  constructor() {
    addEventListener('hashchange', () => this.#read());
  }

  #read(): void {
    const r = parseHash(location.hash);
    this.current = r.screen;
    // Same place: keep the array (effects that read it do not run again).
    if (r.parts.join('\n') !== this.parts.join('\n')) this.parts = r.parts;
    void writeSetting('lastPlace', location.hash || '#/').catch(() => {});
  }

  /** The hash of a place, for links. */
  href(id: string, ...parts: string[]): string {
    return routeHash(id, parts);
  }

  /** Go to a place: a new entry in the history (Back returns here). */
  go(id: string, ...parts: string[]): void {
    const hash = routeHash(id, parts);
    if (hash !== location.hash) location.hash = hash;
  }

  /** Show a place instead of the current entry (a default choice, a restored place). */
  replace(id: string, ...parts: string[]): void {
    const hash = routeHash(id, parts);
    if (hash === location.hash) return;
    history.replaceState(history.state, '', hash);
    this.#read();
  }

  /** On start of the app in a new tab or window without an address: reopen the last place. */
  async restore(): Promise<void> {
    let fresh = true;
    try {
      fresh = sessionStorage.getItem(STARTED) === null;
      sessionStorage.setItem(STARTED, '1');
    } catch {
      // no sessionStorage: every start is fresh
    }
    if (!fresh || location.hash) return;
    const last = await readAppSetting('lastPlace').catch(() => undefined);
    if (!last || location.hash) return;
    const r = parseHash(last);
    this.replace(r.screen, ...r.parts);
  }
}

export const router = new Router();
