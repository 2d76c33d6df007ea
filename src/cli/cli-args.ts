import { InvalidArgumentError } from 'commander';

/** Commander argument parsers shared by the server commands. */
export function numberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a number ≥ 0.');
  return n;
}

export function integerArg(value: string): number {
  const n = numberArg(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number.');
  return n;
}
