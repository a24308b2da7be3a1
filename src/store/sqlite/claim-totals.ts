import type { SqliteDatabase } from './connection.ts';

/** The two claim counts a listing reports, and the state of the database they were taken in. */
interface Counted {
  /** `PRAGMA data_version`: changes whenever another connection commits. */
  version: number;
  /** `total_changes()`: grows with every row this connection writes. */
  changes: number;
  all: number;
  current: number;
}

/**
 * How many claims the store holds, without counting them on every read. SQLite counts by walking a
 * whole index, so a count costs time in proportion to the claims stored; a ledger that catches up
 * with other writers before each article would pay it twice per article, more with every article.
 * The counts are kept with the database state they describe and taken again only when that state
 * moved: another connection committed (the data version changed) or this connection wrote a row the
 * store did not account for (its change counter moved). An article write accounts for its own claims.
 */
export interface ClaimTotals {
  /** Claims of every version (`all`), or current claims only; call inside a read transaction. */
  count(all: boolean): number;
  /**
   * Call at the start of an article's write transaction, before any change; returns the function to
   * call inside it once its claims are written, with how many it inserted and superseded.
   */
  beginWrite(): (inserted: number, superseded: number) => void;
  /**
   * Call once that transaction committed: committing writes rows of its own (the full-text index
   * flushes there), so the change counter is read only now.
   */
  committed(): void;
  /** Call when a write transaction failed: what it would have accounted for never happened. */
  forget(): void;
}

/** Prepares the counting statements once per open database. */
export function createClaimTotals(database: SqliteDatabase): ClaimTotals {
  const dataVersion = database.prepare('PRAGMA data_version').pluck();
  const totalChanges = database.prepare('SELECT total_changes()').pluck();
  const countAll = database.prepare('SELECT count(*) FROM claims').pluck();
  const countCurrent = database.prepare('SELECT count(*) FROM claims WHERE is_current = 1').pluck();
  let counted: Counted | null = null;
  // The counts a write in progress leaves behind, waiting for its commit.
  let written: Counted | null = null;

  const isCurrent = (version: number, changes: number): boolean =>
    counted !== null && counted.version === version && counted.changes === changes;

  return {
    count(all) {
      const version = dataVersion.get() as number;
      const changes = totalChanges.get() as number;
      if (!counted || !isCurrent(version, changes)) {
        counted = {
          version,
          changes,
          all: countAll.get() as number,
          current: countCurrent.get() as number,
        };
      }
      return all ? counted.all : counted.current;
    },
    beginWrite() {
      const version = dataVersion.get() as number;
      const before = isCurrent(version, totalChanges.get() as number) ? counted : null;
      written = null;
      return (inserted, superseded) => {
        written = before && {
          version,
          changes: before.changes,
          all: before.all + inserted,
          current: before.current + inserted - superseded,
        };
      };
    },
    committed() {
      counted = written && { ...written, changes: totalChanges.get() as number };
      written = null;
    },
    forget() {
      counted = null;
      written = null;
    },
  };
}
