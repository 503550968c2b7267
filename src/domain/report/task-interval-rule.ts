// The one sentence that states the task interval rule of oko-report/v1 (computed by
// taskInterval in stats/proportion.ts); shown once on screen above the task table.
export const TASK_INTERVAL_RULE =
  '95 % ДИ — интервал Уилсона для доли выполнения задания (n — число писавших); для заданий в несколько баллов он с запасом шире.';
