namespace Sharpdig.Tests.Support;

/// <summary>
/// Measures what a per-event path allocates once warm: the extra bytes a long run allocates over a
/// short one. The JIT tiers methods up on a background thread, later on a loaded machine, so the
/// probe warms up first and keeps the best of three pairs: a real per-event allocation shows in
/// every pair (at least 24 bytes times the extra events), one-off runtime work does not.
/// </summary>
public static class AllocationProbe
{
    /// <param name="run">Runs n rounds and returns the bytes the current thread allocated doing it.</param>
    public static long ExtraBytes(Func<int, long> run, int small, int large, int limit = 4_096)
    {
        for (int i = 0; i < 3; i++) { run(small); Thread.Sleep(100); }
        long best = long.MaxValue;
        for (int attempt = 0; attempt < 3 && best >= limit; attempt++)
            best = Math.Min(best, run(large) - run(small));
        return best;
    }
}
