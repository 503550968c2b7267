// Addresses of the app as hash routes `#/<screen>/<part>/<part>…` (hash routes work offline and
// from any sub-path). Parts are URI-encoded: unit ids hold `#` (a parallel is `login#grade`),
// procedure keys and subjects hold Cyrillic and spaces. Pure: the router state uses it.

export interface Route {
  /** Screen id (`home` for `#/`). */
  screen: string;
  /** The place inside the screen: a procedure, a unit, a school page. */
  parts: string[];
}

/** The route of a location hash (`#/analysis/ВПР-2022-…/school/123`); malformed parts are kept raw. */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [screen = '', ...rest] = path.split('/');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return { screen: decode(screen) || 'home', parts: rest.filter((p) => p !== '').map(decode) };
}

/** The hash of a route (`#/` for home without parts). */
export function routeHash(screen: string, parts: readonly string[] = []): string {
  if (screen === 'home' && parts.length === 0) return '#/';
  return `#/${[screen, ...parts].map(encodeURIComponent).join('/')}`;
}
