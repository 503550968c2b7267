// A subcommand that also reads files as `analyze` does (documents, context effect): the files and
// options it passes on are parsed by parseArgs, and a usage error shows the subcommand's own usage.
import { parseArgs, UsageError, type AnalyzeArgs } from './args.ts';

export function analyzeArgsOf(others: string[], usage: string): AnalyzeArgs {
  try {
    return parseArgs(['analyze', ...others]);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(e.message.replace(/Использование:[\s\S]*$/, usage));
    throw e;
  }
}
