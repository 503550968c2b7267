// Hash routing: the app is served from any sub-path (base './') and works offline from the SW cache.
export class Router {
  current = $state(Router.read());

  constructor() {
    addEventListener('hashchange', () => (this.current = Router.read()));
  }

  static read(): string {
    return location.hash.replace(/^#\/?/, '') || 'home';
  }

  go(id: string): void {
    location.hash = id === 'home' ? '#/' : `#/${id}`;
  }
}

export const router = new Router();
