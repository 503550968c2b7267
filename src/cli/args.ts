// Command-line arguments of `npm run oko -- analyze …` (shared/spec/oko-report-v1.md).
// Pure: takes argv, returns a validated structure or a Russian usage error.

export interface AnalyzeArgs {
  inputs: string[];
  specs: string[];
  scale?: string;
  kind?: string;
  subject?: string;
  grade?: number;
  year?: number;
  rechecks: string[];
  contexts: string[];
  references: string[];
  out?: string;
  /** `binding`: units carry only oko-report/v1's binding fields (src/cli/detail.ts). */
  detail?: 'full' | 'binding';
  /**
   * `all`: the model-based class signals even above MODEL_SIGNALS_MAX_WORKS (src/cli/oko.ts);
   * `official`: only the official signs (no evidence families, no `schools` list).
   */
  signals?: 'auto' | 'all' | 'official';
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Использование:
  npm run oko -- analyze <файл>... [--spec <spec.json>]... [--scale "0-6,7-10,11-14,15-20"]
                         [--kind ВПР --subject "Математика" --grade 5 --year 2021]
                         [--recheck <файл>]... [--context <файл>]... [--reference <файл>]...
                         [--detail full|binding] [--signals auto|all|official] [--out <report.json>]`;

const REPEATED = {
  '--spec': 'specs',
  '--recheck': 'rechecks',
  '--context': 'contexts',
  '--reference': 'references',
} as const;

export function parseArgs(argv: string[]): AnalyzeArgs {
  const [command, ...rest] = argv;
  if (command !== 'analyze') throw new UsageError(`Неизвестная команда «${command ?? ''}».\n${USAGE}`);
  const args: AnalyzeArgs = { inputs: [], specs: [], rechecks: [], contexts: [], references: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) {
      args.inputs.push(a);
      continue;
    }
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--'))
      throw new UsageError(`После ${a} нужно значение.\n${USAGE}`);
    i++;
    if (a in REPEATED) {
      args[REPEATED[a as keyof typeof REPEATED]].push(value);
      continue;
    }
    switch (a) {
      case '--scale':
        args.scale = value;
        break;
      case '--kind':
        args.kind = value;
        break;
      case '--subject':
        args.subject = value;
        break;
      case '--grade':
      case '--year': {
        const n = Number(value);
        if (!Number.isInteger(n) || n <= 0)
          throw new UsageError(`${a}: ожидалось целое число, получено «${value}».`);
        if (a === '--grade') args.grade = n;
        else args.year = n;
        break;
      }
      case '--out':
        args.out = value;
        break;
      case '--detail':
        if (value !== 'full' && value !== 'binding')
          throw new UsageError(`--detail: ожидалось «full» или «binding», получено «${value}».`);
        args.detail = value;
        break;
      case '--signals':
        if (value !== 'auto' && value !== 'all' && value !== 'official')
          throw new UsageError(`--signals: ожидалось «auto», «all» или «official», получено «${value}».`);
        args.signals = value;
        break;
      default:
        throw new UsageError(`Неизвестный параметр ${a}.\n${USAGE}`);
    }
  }
  if (args.inputs.length === 0) throw new UsageError(`Не указан ни один файл результатов.\n${USAGE}`);
  return args;
}

/** `"0-6,7-10,11-14,15-20"` → [[0,6],[7,10],[11,14],[15,20]]. */
export function parseScaleArg(text: string): [number, number][] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 4)
    throw new UsageError(`--scale: нужно 4 диапазона (отметки 2, 3, 4, 5), получено ${parts.length}.`);
  return parts.map((p) => {
    const m = /^(\d+)\s*[-–]\s*(\d+)$/.exec(p);
    if (!m) throw new UsageError(`--scale: диапазон «${p}» не похож на «0-6».`);
    return [Number(m[1]), Number(m[2])] as [number, number];
  });
}
