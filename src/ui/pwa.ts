// Service worker registration in 'prompt' mode: a new version waits until the user says so,
// because an automatic reload would throw away an unsaved import preview.
import { registerSW } from 'virtual:pwa-register';
import { app } from './state/app.svelte';
import { importer } from './state/import.svelte';

const HOURLY = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () => (app.updateAvailable = true),
    // The new worker took control (this tab's «Обновить», or another tab's). The plugin would
    // reload right away; with an unsaved import that reload waits for the user.
    onNeedReload: () => {
      if (importer.hasUnsaved || importer.busy) {
        app.updateActivated = true;
        app.updateAvailable = true;
      } else {
        location.reload();
      }
    },
    onOfflineReady: () => (app.offlineReady = true),
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      // Installed PWAs may stay open for days: look for a new build now and then, and on return.
      const check = () => {
        if (navigator.onLine) registration.update().catch(() => {});
      };
      setInterval(check, HOURLY);
      addEventListener('focus', check);
    },
  });
  app.applyUpdate = () => updateSW(true);
}
