using Sharpdig.Capture;

namespace Sharpdig.State;

/// <summary>Users of the captured machine (from the user-list block), by uid.</summary>
public sealed class UserTable
{
    private readonly Dictionary<uint, UserEntry> _users = new();
    private readonly Dictionary<uint, Utf8Text> _names = new();

    public UserEntry? Get(uint uid) => _users.TryGetValue(uid, out var u) ? u : null;
    /// <summary>The user name as UTF-8, or null when the uid is unknown.</summary>
    public Utf8Text? GetName(uint uid) => _names.TryGetValue(uid, out var n) ? n : null;
    public IEnumerable<UserEntry> All => _users.Values;

    internal void Add(UserEntry u) { _users[u.Uid] = u; _names[u.Uid] = Utf8Text.FromString(u.Name); }
    internal void Clear() { _users.Clear(); _names.Clear(); }
}

/// <summary>Groups of the captured machine, by gid.</summary>
public sealed class GroupTable
{
    private readonly Dictionary<uint, GroupEntry> _groups = new();
    private readonly Dictionary<uint, Utf8Text> _names = new();

    public GroupEntry? Get(uint gid) => _groups.TryGetValue(gid, out var g) ? g : null;
    public Utf8Text? GetName(uint gid) => _names.TryGetValue(gid, out var n) ? n : null;
    public IEnumerable<GroupEntry> All => _groups.Values;

    internal void Add(GroupEntry g) { _groups[g.Gid] = g; _names[g.Gid] = Utf8Text.FromString(g.Name); }
    internal void Clear() { _groups.Clear(); _names.Clear(); }
}

/// <summary>Network interfaces of the captured machine (fd.lip/fd.rip need to know local addresses).</summary>
public sealed class InterfaceTable
{
    private readonly List<InterfaceEntry> _entries = [];
    public IReadOnlyList<InterfaceEntry> All => _entries;

    /// <summary>True when <paramref name="ip"/> is an address of one of the machine's interfaces.</summary>
    public bool IsLocal(IpAddress ip)
    {
        Span<byte> buf = stackalloc byte[16];
        ip.CopyTo(buf);
        var bytes = ip.IsV6 ? buf : buf[..4];
        foreach (var e in _entries)
            if (e.Address.AsSpan().SequenceEqual(bytes)) return true;
        return false;
    }

    internal void Add(InterfaceEntry e) => _entries.Add(e);
    internal void Clear() => _entries.Clear();
}
