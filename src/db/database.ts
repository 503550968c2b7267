// The Dexie database: schema declaration, opening, and the multi-tab "reload needed" signal.
import Dexie, { type EntityTable, type Table } from 'dexie';
import { DbError, toDbError } from './errors.ts';
import {
  LATEST_VERSION,
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  upgradeToV2,
  type FollowupRow,
  type ChunkRow,
  type ImportRow,
  type ProcedureRow,
  type RecheckRow,
  type SchemaVersion,
  type SchoolRow,
  type SettingRow,
  type WarningsRow,
} from './schema.ts';

export const DEFAULT_DB_NAME = 'oko-analytics';

export interface OpenDbOptions {
  /** Test-only: declare the schema only up to this version (to test migrations). */
  schemaVersion?: SchemaVersion;
  /** Called once when another tab upgrades or deletes the database; this connection is closed then. */
  onReloadNeeded?: () => void;
}

export class OkoDb extends Dexie {
  declare procedures: Table<ProcedureRow, string>;
  declare imports: EntityTable<ImportRow, 'id'>;
  declare schools: Table<SchoolRow, [string, string]>;
  declare chunks: Table<ChunkRow, [string, number, string]>;
  declare warnings: Table<WarningsRow, number>;
  /** Absent when opened with schemaVersion 1 (tests only). */
  declare settings: Table<SettingRow, string>;
  /** Absent when opened with schemaVersion < 3 (tests only). */
  declare rechecks: EntityTable<RecheckRow, 'id'>;
  /** Absent when opened with schemaVersion < 4 (tests only). */
  declare followups: Table<FollowupRow, string>;

  /** True once another tab asked for a newer schema: the UI should offer a reload. */
  reloadNeeded = false;
  private readonly reloadListeners = new Set<() => void>();

  constructor(name: string, schemaVersion: SchemaVersion = LATEST_VERSION) {
    super(name);
    // Dexie ≥3 needs only the versions that carry an upgrade; v1 stays as the base of the chain.
    this.version(1).stores(SCHEMA_V1);
    if (schemaVersion >= 2) this.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    // v3 only adds the empty `rechecks` table: nothing to convert.
    if (schemaVersion >= 3) this.version(3).stores(SCHEMA_V3);
    // v4 only adds the empty `followups` table (follow-up check sheets): nothing to convert.
    if (schemaVersion >= 4) this.version(4).stores(SCHEMA_V4);

    // Another tab (a newer app version) wants to upgrade or delete: close, so that it is not blocked,
    // and do not auto-reopen with the old schema. Returning false skips Dexie's default handler.
    this.on('versionchange', () => {
      this.close({ disableAutoOpen: true });
      if (!this.reloadNeeded) {
        this.reloadNeeded = true;
        for (const cb of this.reloadListeners) cb();
      }
      return false;
    });
  }

  /** Subscribe to the "reload needed" signal (fires at most once); returns the unsubscribe function. */
  onReloadNeeded(cb: () => void): () => void {
    if (this.reloadNeeded) cb();
    else this.reloadListeners.add(cb);
    return () => this.reloadListeners.delete(cb);
  }
}

/** Open (creating or upgrading) the app database. Errors are translated (VersionError → DbError). */
export async function openDb(name: string = DEFAULT_DB_NAME, opts: OpenDbOptions = {}): Promise<OkoDb> {
  const db = new OkoDb(name, opts.schemaVersion);
  if (opts.onReloadNeeded) db.onReloadNeeded(opts.onReloadNeeded);
  try {
    await db.open();
  } catch (e) {
    throw toDbError(e);
  }
  // Dexie 4 opens a database of a newer version without complaint, but its rows may have another shape.
  // Dexie stores version × 10 natively.
  if (Math.floor(db.backendDB().version / 10) > LATEST_VERSION) {
    db.close({ disableAutoOpen: true });
    throw new DbError(
      'База данных создана более новой версией приложения. Обновите страницу, чтобы загрузить новую версию.',
      'version',
    );
  }
  return db;
}
