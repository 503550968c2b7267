// The import worker: parsing, demo generation and IndexedDB writes run here, off the main thread.
import { expose } from 'comlink';
import { createImportApi } from './import.api';
import { realImportDeps } from './integration';

expose(createImportApi(realImportDeps));
