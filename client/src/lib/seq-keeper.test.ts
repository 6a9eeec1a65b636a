import { describe, expect, it } from 'vitest';
import { SeqKeeper } from './seq-keeper';

describe('SeqKeeper', () => {
  it('shows the next seq, drops repeats and late updates, and asks for a snapshot after a gap', () => {
    const keeper = new SeqKeeper();
    expect(keeper.snapshot(10)).toBe(true);
    expect(keeper.update(11)).toEqual({ show: true, resync: false });
    expect(keeper.update(11)).toEqual({ show: false, resync: false });
    expect(keeper.update(10)).toEqual({ show: false, resync: false });
    expect(keeper.update(14)).toEqual({ show: true, resync: true });
    expect(keeper.snapshot(13)).toBe(false); // the update shown is newer than this snapshot
    expect(keeper.snapshot(15)).toBe(true);
    expect(keeper.current).toBe(15);
  });

  it('after the counters started again, asks for a snapshot and takes it whatever its seq', () => {
    const keeper = new SeqKeeper();
    keeper.snapshot(1_733_400_000_000_000);
    expect(keeper.update(1)).toEqual({ show: false, resync: true });
    expect(keeper.snapshot(2)).toBe(true);
    expect(keeper.update(3)).toEqual({ show: true, resync: false });
    expect(keeper.snapshot(1)).toBe(false); // once in step again, an older snapshot is older
  });
});
