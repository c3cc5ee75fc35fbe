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

    /// <summary>
    /// sinsp's "is this address in the local machine" for a thread (fd.lip/fd.rip and friends):
    /// IPv4 matches a container's address (the thread's, or any known one when the thread's
    /// container has none) or an interface address exactly; IPv6 is never local in a container
    /// and otherwise matches an interface on the same /64.
    /// </summary>
    public bool IsLocalFor(IpAddress ip, string containerId, IReadOnlyDictionary<string, ContainerInfo> containers)
    {
        Span<byte> a = stackalloc byte[16];
        ip.CopyTo(a);
        if (ip.IsV6)
        {
            if (containerId.Length != 0) return false;
            foreach (var e in _entries)
                if (e.IsIPv6 && e.Address.Length == 16 && e.Address.AsSpan(0, 8).SequenceEqual(a[..8])) return true;
            return false;
        }
        if (containerId.Length != 0 && containers.TryGetValue(containerId, out var own))
        {
            if (own.Ip.Length != 0) { if (SameV4(own, a)) return true; }
            else
                foreach (var c in containers.Values)
                    if (c.Ip.Length != 0 && SameV4(c, a)) return true;
        }
        foreach (var e in _entries)
            if (!e.IsIPv6 && e.Address.AsSpan().SequenceEqual(a[..4])) return true;
        return false;
    }

    private static bool SameV4(ContainerInfo c, ReadOnlySpan<byte> addr) =>
        c.IpV4Bytes.Length == 4 && c.IpV4Bytes.AsSpan().SequenceEqual(addr[..4]);

    internal void Add(InterfaceEntry e) => _entries.Add(e);

    /// <summary>
    /// sinsp's guess of a local address to stand in for a missing end of a connection: the
    /// address itself if it is ours, else our address on its subnet, else our first address that
    /// is not loopback, else zero.
    /// </summary>
    public IpAddress InferLocal(IpAddress addr)
    {
        Span<byte> a = stackalloc byte[16];
        addr.CopyTo(a);
        bool v6 = addr.IsV6;
        foreach (var e in _entries)
            if (e.IsIPv6 == v6 && e.Address.AsSpan().SequenceEqual(v6 ? a : a[..4])) return addr;
        foreach (var e in _entries)
        {
            if (e.IsIPv6 != v6) continue;
            if (v6)
            {
                if (e.Address.Length == 16 && e.Address.AsSpan(0, 8).SequenceEqual(a[..8])) return IpAddress.FromBytes(e.Address);
            }
            else if (e.Address.Length == 4 && e.Netmask.Length == 4)
            {
                bool same = true;
                for (int i = 0; i < 4; i++) same &= (e.Address[i] & e.Netmask[i]) == (a[i] & e.Netmask[i]);
                if (same) return IpAddress.FromBytes(e.Address);
            }
        }
        foreach (var e in _entries)
        {
            if (e.IsIPv6 != v6 || e.Address.Length != (v6 ? 16 : 4)) continue;
            bool loopback = v6 ? e.Address.AsSpan().SequenceEqual(s_v6Loopback) : e.Address.AsSpan().SequenceEqual(s_v4Loopback);
            if (!loopback) return IpAddress.FromBytes(e.Address);
        }
        return v6 ? IpAddress.FromBytes(new byte[16]) : default;
    }

    private static readonly byte[] s_v4Loopback = [127, 0, 0, 1];
    private static readonly byte[] s_v6Loopback = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    internal void Clear() => _entries.Clear();
}
