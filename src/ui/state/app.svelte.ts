// App-wide signals: service-worker updates and the multi-tab "reopen" notice.
class AppState {
  /** A new build is waiting in the service worker. */
  updateAvailable = $state(false);
  /** The new version already controls this tab (activated from another tab): only a reload is left. */
  updateActivated = $state(false);
  /** The app has been cached and now works without a network (shown once). */
  offlineReady = $state(false);
  /** Another tab upgraded or deleted the database: this tab's connection is closed. */
  reloadNeeded = $state(false);
  /** Set by the SW registration: activates the waiting worker and reloads. */
  applyUpdate: () => Promise<void> = async () => {};
}

export const app = new AppState();
