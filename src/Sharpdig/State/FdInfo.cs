using Sharpdig.Capture;

namespace Sharpdig.State;

/// <summary>Which end of a connection a socket fd is, as sinsp infers it.</summary>
public enum FdRole : byte { None = 0, Client, Server }

/// <summary>
/// One open file descriptor of a process. Created and changed only by <see cref="StateEngine"/>;
/// everyone else reads it.
///
/// Addresses: for connected sockets <see cref="SourceIp"/>:<see cref="SourcePort"/> is the
/// client end and <see cref="DestIp"/>:<see cref="DestPort"/> the server end once the role is
/// known (sinsp swaps a tuple so that this holds); for listening (server) sockets only the Dest
/// pair is set, holding the bound address. Unix sockets keep the kernel addresses of both ends.
/// </summary>
public sealed class FdInfo
{
    public long Number { get; internal set; }
    public ScapFdType Type { get; internal set; }
    public L4Proto L4Proto { get; internal set; }
    public FdRole Role { get; internal set; }
    /// <summary>The text sysdig shows inside `&lt;f&gt;...`: path, tuple, pipe name or empty.</summary>
    public Utf8Text Name
    {
        get => _name;
        internal set { _name = value; IsSyslog = value.Bytes.IndexOf("/dev/log"u8) >= 0; }
    }
    private Utf8Text _name = Utf8Text.Empty;
    /// <summary>True when the name contains /dev/log (writes to it get the syslog summary).</summary>
    public bool IsSyslog { get; private set; }
    /// <summary>PPM_O_* flags the fd was opened with (files).</summary>
    public uint OpenFlags { get; internal set; }
    public uint Dev { get; internal set; }
    public ulong Ino { get; internal set; }
    public IpAddress SourceIp { get; internal set; }
    public IpAddress DestIp { get; internal set; }
    public ushort SourcePort { get; internal set; }
    public ushort DestPort { get; internal set; }
    public ulong UnixSource { get; internal set; }
    public ulong UnixDest { get; internal set; }

    // What a listening socket's bytes held before bind turned it into one. sinsp keeps socket
    // addresses in a union, so turning a listening socket back into a connected one exposes a
    // mix of both (the port bytes land in the destination address); the engine reproduces it.
    internal byte PreBindDestByte3 { get; set; }
    internal ushort PreBindSourcePort { get; set; }
    internal ushort PreBindDestPort { get; set; }

    public bool IsSocket => Type is ScapFdType.IPv4Socket or ScapFdType.IPv6Socket
        or ScapFdType.IPv4ServerSocket or ScapFdType.IPv6ServerSocket or ScapFdType.UnixSocket;
    public bool IsIpSocket => Type is ScapFdType.IPv4Socket or ScapFdType.IPv6Socket
        or ScapFdType.IPv4ServerSocket or ScapFdType.IPv6ServerSocket;
    public bool IsServerSocket => Type is ScapFdType.IPv4ServerSocket or ScapFdType.IPv6ServerSocket;

    /// <summary>The one-letter type sysdig prints in `&lt;f&gt;` (fd.typechar).</summary>
    public byte TypeChar => TypeCharOf(Type);

    /// <summary>
    /// The transport as sinsp reports it (fd.l4proto): connected sockets with no known role say
    /// "not applicable" unless they are raw; non-IP fds always do.
    /// </summary>
    public L4Proto EffectiveL4Proto
    {
        get
        {
            if (Type is ScapFdType.IPv4ServerSocket or ScapFdType.IPv6ServerSocket) return L4Proto;
            if (Type is not (ScapFdType.IPv4Socket or ScapFdType.IPv6Socket)) return L4Proto.NotApplicable;
            if (L4Proto == L4Proto.Raw) return L4Proto.Raw;
            return Role == FdRole.None ? L4Proto.NotApplicable : L4Proto;
        }
    }

    /// <summary>The transport letter shown after the type char, or 0 when none is shown.</summary>
    public byte L4Char => L4CharOf(EffectiveL4Proto);

    public static byte TypeCharOf(ScapFdType t) => t switch
    {
        ScapFdType.File or ScapFdType.FileV2 => (byte)'f',
        ScapFdType.Directory => (byte)'d',
        ScapFdType.IPv4Socket or ScapFdType.IPv4ServerSocket => (byte)'4',
        ScapFdType.IPv6Socket or ScapFdType.IPv6ServerSocket => (byte)'6',
        ScapFdType.Fifo => (byte)'p',
        ScapFdType.UnixSocket => (byte)'u',
        ScapFdType.Event => (byte)'e',
        ScapFdType.SignalFd => (byte)'s',
        ScapFdType.EventPoll => (byte)'l',
        ScapFdType.Inotify => (byte)'i',
        ScapFdType.TimerFd => (byte)'t',
        ScapFdType.Netlink => (byte)'n',
        ScapFdType.Unsupported => (byte)'X',
        ScapFdType.Unknown => (byte)'o',
        _ => (byte)'?',
    };

    public static byte L4CharOf(L4Proto p) => p switch
    {
        L4Proto.Tcp => (byte)'t',
        L4Proto.Udp => (byte)'u',
        L4Proto.Icmp => (byte)'i',
        L4Proto.Raw => (byte)'r',
        _ => 0,
    };

    /// <summary>A copy for dup()/fork(): same description, new number.</summary>
    internal FdInfo CloneAs(long number)
    {
        var c = (FdInfo)MemberwiseClone();
        c.Number = number;
        return c;
    }

    public override string ToString() => $"{Number}(<{(char)TypeChar}>{Name})";
}
