namespace Sharpdig.State;

/// <summary>
/// The fds of one process. Threads created with CLONE_FILES share their main thread's table
/// object, so a change made through any thread is seen by all.
/// </summary>
public sealed class FdTable
{
    private readonly Dictionary<long, FdInfo> _fds = new();

    public int Count => _fds.Count;

    /// <summary>
    /// The fd's entry. Like sinsp's get_fd, a negative number finds nothing (even if a bad event
    /// stored one), and the lookup marks the current name as the old one (fd.name_changed).
    /// </summary>
    public FdInfo? Get(long fd)
    {
        if (fd < 0 || !_fds.TryGetValue(fd, out var f)) return null;
        f.MarkLookedUp();
        return f;
    }

    public IEnumerable<FdInfo> All => _fds.Values;

    internal void Set(FdInfo info) => _fds[info.Number] = info;
    internal bool Remove(long fd) => _fds.Remove(fd);
    internal void Clear() => _fds.Clear();

    /// <summary>A copy of every entry (fork without CLONE_FILES gets its own copy).</summary>
    internal FdTable Clone()
    {
        var t = new FdTable();
        foreach (var (k, v) in _fds) t._fds[k] = v.CloneAs(k);
        return t;
    }
}
