// The navigation is data: later screens («Анализ», «Документы») add one entry here.
import type { Component } from 'svelte';
import AnalysisScreen from '../analysis/AnalysisScreen.svelte';
import SafetyScreen from '../safety/SafetyScreen.svelte';
import DataScreen from './DataScreen.svelte';
import DocumentsScreen from '../documents/DocumentsScreen.svelte';
import DynamicsScreen from '../dynamics/DynamicsScreen.svelte';
import ExchangeScreen from '../exchange/ExchangeScreen.svelte';
import HomeScreen from './HomeScreen.svelte';
import ImportScreen from './ImportScreen.svelte';
import ObjectivityScreen from '../objectivity/ObjectivityScreen.svelte';
import ContextScreen from '../context/ContextScreen.svelte';
import SpecsScreen from '../specs/SpecsScreen.svelte';
import FollowupScreen from '../followup/FollowupScreen.svelte';

export interface ScreenEntry {
  /** Route id: `#/<id>` (home is `#/`). */
  id: string;
  label: string;
  component: Component;
}

export const SCREENS: ScreenEntry[] = [
  { id: 'home', label: 'Главная', component: HomeScreen },
  { id: 'import', label: 'Импорт', component: ImportScreen },
  { id: 'data', label: 'Данные', component: DataScreen },
  { id: 'analysis', label: 'Анализ', component: AnalysisScreen },
  { id: 'dynamics', label: 'Динамика', component: DynamicsScreen },
  { id: 'objectivity', label: 'Объективность', component: ObjectivityScreen },
  { id: 'context', label: 'Контекст школ', component: ContextScreen },
  { id: 'documents', label: 'Документы', component: DocumentsScreen },
  { id: 'followup', label: 'Контрольные точки', component: FollowupScreen },
  { id: 'specs', label: 'Спецификации', component: SpecsScreen },
  { id: 'safety', label: 'Сохранность', component: SafetyScreen },
  { id: 'exchange', label: 'Обмен', component: ExchangeScreen },
];
