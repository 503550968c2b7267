// The dynamics worker: loading from IndexedDB and the statistics engine run here, off the page.
import { expose } from 'comlink';
import { analyzeProcedure } from '../src/domain/report';
import { createDynamicsApi } from './dynamics.api';
import { storedDataset, storedProcedures } from './storage';

expose(
  createDynamicsApi({
    listProcedures: storedProcedures,
    // Full datasets, without the import warnings: the reference line needs every school.
    loadDataset: (key) => storedDataset(key, false),
    analyzeProcedure: (ds) => analyzeProcedure(ds),
  }),
);
