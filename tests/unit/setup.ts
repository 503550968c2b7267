// Node has no IndexedDB: the DB layer is tested on fake-indexeddb.
import 'fake-indexeddb/auto';
