namespace Sharpdig.State;

/// <summary>All known threads by tid. Changed only by <see cref="StateEngine"/>.</summary>
public sealed class ThreadTable
{
    private readonly Dictionary<long, ThreadInfo> _threads = new();
    // The same few threads produce most events: remember the last hit.
    private ThreadInfo? _last;

    public int Count => _threads.Count;
    public IEnumerable<ThreadInfo> All => _threads.Values;

    public ThreadInfo? Get(long tid)
    {
        var last = _last;
        if (last is not null && last.Tid == tid) return last;
        if (_threads.TryGetValue(tid, out var t)) { _last = t; return t; }
        return null;
    }

    /// <summary>The main thread of <paramref name="pid"/>, if known.</summary>
    public ThreadInfo? GetProcess(long pid) => Get(pid);

    /// <summary>The parent process of a thread (via its ptid), if known.</summary>
    public ThreadInfo? GetParent(ThreadInfo t) => t.Ptid == t.Tid ? null : Get(t.Ptid)?.Process;

    internal void Add(ThreadInfo t) { _threads[t.Tid] = t; _last = null; }

    internal bool Remove(long tid)
    {
        if (_last is not null && _last.Tid == tid) _last = null;
        return _threads.Remove(tid);
    }

    internal void Clear() { _threads.Clear(); _last = null; }
}
