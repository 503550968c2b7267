// The exchange worker: the school's aggregate package and the municipality's sums, off the page.
import { expose } from 'comlink';
import { createExchangeApi } from './exchange.api';
import { storedDataset, storedProcedures } from './storage';

expose(
  createExchangeApi({
    listProcedures: storedProcedures,
    loadDataset: (key) => storedDataset(key, false),
  }),
);
