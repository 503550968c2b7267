// A subcommand that also reads files as `analyze` does (documents, context effect): its own flags
// (each with a value) are taken out; the files and options it passes on are parsed by parseArgs, and
// a usage error shows the subcommand's own usage.
import { parseArgs, UsageError, type AnalyzeArgs } from './args.ts';

/** The subcommand's own flags with their values, and the rest as analyze's arguments. */
export function splitOwnArgs(
  argv: readonly string[],
  flags: readonly string[],
  usage: string,
): { own: Record<string, string>; others: string[] } {
  const own: Record<string, string> = {};
  const others: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (flags.includes(a)) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`После ${a} нужно значение.\n${usage}`);
      own[a] = v;
      i++;
    } else others.push(a);
  }
  return { own, others };
}

export function analyzeArgsOf(others: string[], usage: string): AnalyzeArgs {
  try {
    return parseArgs(['analyze', ...others]);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(e.message.replace(/Использование:[\s\S]*$/, usage));
    throw e;
  }
}
