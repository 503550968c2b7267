// The municipality (and school) a methodologist works on, shared by Объективность, Документы and
// Обмен and remembered on this device (settings `focusMunicipality`, `focusSchool`). '' = no focus.
import { readAppSetting, writeSetting } from '../safety/settings';

class FocusState {
  municipality = $state('');
  school = $state('');
  loaded = $state(false);
  #loading: Promise<void> | null = null;

  /** Read the remembered focus once (later calls wait for the same read). */
  load(): Promise<void> {
    this.#loading ??= Promise.all([readAppSetting('focusMunicipality'), readAppSetting('focusSchool')])
      .then(([m, s]) => {
        // A choice made while reading wins over the stored one.
        if (!this.loaded) {
          this.municipality ||= m ?? '';
          this.school ||= s ?? '';
        }
      })
      .catch(() => {})
      .finally(() => (this.loaded = true));
    return this.#loading;
  }

  setMunicipality(id: string): void {
    this.municipality = id;
    void writeSetting('focusMunicipality', id).catch(() => {});
  }

  setSchool(login: string): void {
    this.school = login;
    void writeSetting('focusSchool', login).catch(() => {});
  }
}

export const focus = new FocusState();
