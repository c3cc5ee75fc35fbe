namespace Sharpdig.State;

/// <summary>
/// The fds of one process. Threads created with CLONE_FILES share their main thread's table
/// object, so a change made through any thread is seen by all.
/// </summary>
public sealed class FdTable
{
    private readonly Dictionary<long, FdInfo> _fds = new();
    // An exit event looks up the fd its enter event just looked up: remember the last hit.
    private FdInfo? _last;

    public int Count => _fds.Count;

    /// <summary>
    /// The fd's entry. Like sinsp's get_fd, a negative number finds nothing (even if a bad event
    /// stored one), and the lookup marks the current name as the old one (fd.name_changed).
    /// </summary>
    public FdInfo? Get(long fd)
    {
        var f = _last;
        if (f is null || f.Number != fd)
        {
            if (fd < 0 || !_fds.TryGetValue(fd, out f)) return null;
            _last = f;
        }
        f.MarkLookedUp();
        return f;
    }

    public IEnumerable<FdInfo> All => _fds.Values;

    internal void Set(FdInfo info) { _fds[info.Number] = info; _last = null; }
    internal bool Remove(long fd) { _last = null; return _fds.Remove(fd); }
    internal void Clear() { _fds.Clear(); _last = null; }

    /// <summary>A copy of every entry (fork without CLONE_FILES gets its own copy).</summary>
    internal FdTable Clone()
    {
        var t = new FdTable();
        foreach (var (k, v) in _fds) t._fds[k] = v.CloneAs(k);
        return t;
    }
}
