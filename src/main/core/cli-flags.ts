/**
 * The command lines' flag reader (headless, `--sim`, the demo): `--flag value` or `--flag=value`, one
 * flag at a time; `value()` takes the flag's value from the same argument or the next one, and a
 * missing value is a one-line error.
 */
export interface CliFlag {
  /** The argument as given. */
  arg: string;
  flag: string;
  /** The value after `=`, if the argument had one. */
  inline: string | undefined;
  value(): string;
}

export function* eachFlag(argv: readonly string[]): Generator<CliFlag> {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    yield {
      arg, flag, inline,
      value: () => {
        const given = inline ?? argv[++i];
        if (given === undefined || given === '') throw new Error(`${flag} needs a value`);
        return given;
      },
    };
  }
}

/** A port flag's value: 0 (any free port) to 65535. */
export function portValue(f: CliFlag): number {
  const raw = f.value();
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new Error(`${f.flag} must be a number from 0 to 65535, got "${raw}"`);
  return Number(raw);
}
