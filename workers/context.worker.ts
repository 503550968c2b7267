// The context worker: the ФИС ОКО context form and the municipal context analysis run here, off the page.
import { expose } from 'comlink';
import { createContextApi } from './context.api';
import { contextDeps } from './context.deps';
import { database } from './storage';

expose(createContextApi(contextDeps(database)));
