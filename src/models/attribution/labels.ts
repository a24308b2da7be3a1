import type { Token } from '../../core/types.ts';
import type { TaggingUnit } from './units.ts';

/** A gold span of one role, by character offsets; `fragments` are the pieces a discontinuous span covers. */
export interface RoleSpan {
  role: string;
  start: number;
  end: number;
  fragments?: readonly { start: number; end: number }[];
}

/** A run of tokens tagged with one role: token indices into the unit, inclusive. */
export interface TaggedRun {
  role: string;
  first: number;
  last: number;
}

function overlaps(token: Token, start: number, end: number): boolean {
  return token.start < end && start < token.end;
}

/**
 * Gold BIO labels for a unit. Roles earlier in `roles` win where spans of two roles cover the same
 * token (a cue inside a content keeps its cue label); within one role the longest span covering a token
 * owns it, so nested spans of one role collapse into the outer one.
 */
export function goldLabels(
  unit: TaggingUnit,
  spans: readonly RoleSpan[],
  roles: readonly string[],
): Int32Array {
  const { tokens } = unit;
  const roleOf = new Int32Array(tokens.length).fill(-1);
  const owner = new Int32Array(tokens.length).fill(-1);
  roles.forEach((roleName, role) => {
    const ofRole = spans
      .map((span, index) => ({ span, index }))
      .filter(({ span }) => span.role === roleName)
      .sort((a, b) => b.span.end - b.span.start - (a.span.end - a.span.start) || a.index - b.index);
    for (const { span, index } of ofRole) {
      const fragments = span.fragments ?? [span];
      fragments.forEach((fragment, position) => {
        for (let token = 0; token < tokens.length; token += 1) {
          if (roleOf[token] === -1 && overlaps(tokens[token] as Token, fragment.start, fragment.end)) {
            roleOf[token] = role;
            // Each fragment is its own run, so a content split by its cue becomes two runs.
            owner[token] = index * 64 + Math.min(63, position);
          }
        }
      });
    }
  });
  const labels = new Int32Array(tokens.length);
  for (let token = 0; token < tokens.length; token += 1) {
    const role = roleOf[token] as number;
    if (role < 0) continue;
    const continues = token > 0 && roleOf[token - 1] === role && owner[token - 1] === owner[token];
    labels[token] = continues ? 2 + 2 * role : 1 + 2 * role;
  }
  return labels;
}

/** The runs a label sequence marks, in reading order. */
export function runsOf(labels: ArrayLike<number>, roles: readonly string[]): TaggedRun[] {
  const runs: TaggedRun[] = [];
  let open: TaggedRun | null = null;
  for (let index = 0; index < labels.length; index += 1) {
    const label = labels[index] as number;
    const role = label === 0 ? -1 : (label - 1) >> 1;
    const inside = label > 0 && label % 2 === 0;
    if (open && inside && roles[role] === open.role) {
      open.last = index;
      continue;
    }
    if (open) runs.push(open);
    open = label === 0 ? null : { role: roles[role] as string, first: index, last: index };
  }
  if (open) runs.push(open);
  return runs;
}
