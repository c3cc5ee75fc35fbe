namespace Sharpdig.Capture.Live;

/// <summary>
/// The live side of sysdig's procinfo events: once a second, the CPU time (user and system, in
/// clock ticks, as /proc/PID/task/TID/stat has them) of every thread whose time changed since the
/// last sample, and of threads seen for the first time. thread.cpu (and so topprocs_cpu) is the
/// difference between a thread's consecutive samples. The first scan, at the start, only takes
/// the baseline: hundreds of procinfo events would otherwise open every capture (and use up -n).
/// The scan allocates, but once a second, not per event.
/// </summary>
internal sealed class CpuTimeSampler(int selfPid)
{
    private const long PeriodMs = 1000;

    /// <summary>One sample to turn into a procinfo event.</summary>
    public readonly record struct Sample(long Tid, ulong UserTicks, ulong SystemTicks, ushort Cpu);

    private readonly Dictionary<long, ulong> _lastTotal = [];
    private readonly Queue<Sample> _pending = new();
    private long _dueMs = Environment.TickCount64;   // the baseline is taken at once
    private bool _baselineTaken;

    /// <summary>Takes a sample if a second has passed since the last one.</summary>
    public void PollIfDue()
    {
        long now = Environment.TickCount64;
        if (now < _dueMs) return;
        _dueMs = now + PeriodMs;
        Scan();
    }

    public bool TryNext(out Sample sample) => _pending.TryDequeue(out sample);

    private void Scan()
    {
        var seen = new HashSet<long>();
        foreach (var taskDir in EnumerateThreads())
        {
            if (!TryRead(taskDir.Stat, out ulong user, out ulong system, out ushort cpu)) continue;
            seen.Add(taskDir.Tid);
            ulong total = user + system;
            if (_lastTotal.TryGetValue(taskDir.Tid, out ulong last) && last == total) continue;
            _lastTotal[taskDir.Tid] = total;
            if (_baselineTaken) _pending.Enqueue(new Sample(taskDir.Tid, user, system, cpu));
        }
        _baselineTaken = true;
        // Forget threads that are gone, so a reused tid starts afresh.
        if (_lastTotal.Count > seen.Count)
            foreach (var tid in _lastTotal.Keys.Where(t => !seen.Contains(t)).ToList()) _lastTotal.Remove(tid);
    }

    private IEnumerable<(long Tid, string Stat)> EnumerateThreads()
    {
        IEnumerable<string> processes;
        try { processes = Directory.EnumerateDirectories("/proc"); }
        catch (IOException) { yield break; }
        foreach (var proc in processes)
        {
            if (!int.TryParse(Path.GetFileName(proc), out int pid) || pid == selfPid) continue;
            string[] tasks;
            try { tasks = Directory.GetDirectories(Path.Combine(proc, "task")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }   // exited meanwhile
            foreach (var task in tasks)
                if (long.TryParse(Path.GetFileName(task), out long tid)) yield return (tid, Path.Combine(task, "stat"));
        }
    }

    /// <summary>utime, stime (fields 14, 15) and processor (field 39) of a stat line.</summary>
    internal static bool TryParseStat(ReadOnlySpan<char> line, out ulong user, out ulong system, out ushort cpu)
    {
        user = system = 0;
        cpu = 0;
        // The command name (field 2) is in parentheses and may hold spaces: count after its ')'.
        int close = line.LastIndexOf(')');
        if (close < 0) return false;
        var rest = line[(close + 1)..];
        int field = 2;
        foreach (var range in rest.Split(' '))
        {
            var word = rest[range];
            if (word.IsEmpty) continue;
            field++;
            if (field == 14 && !ulong.TryParse(word, out user)) return false;
            if (field == 15 && !ulong.TryParse(word, out system)) return false;
            if (field == 39) { ushort.TryParse(word, out cpu); return true; }
        }
        return field >= 15;
    }

    private static bool TryRead(string path, out ulong user, out ulong system, out ushort cpu)
    {
        user = system = 0;
        cpu = 0;
        string line;
        try { line = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        return TryParseStat(line, out user, out system, out cpu);
    }
}
