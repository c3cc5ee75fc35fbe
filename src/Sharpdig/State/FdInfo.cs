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
/// known (sinsp swaps a tuple so that this holds); for listening (server) sockets the Dest pair
/// is the bound address. Unix sockets keep the kernel addresses of both ends. All of them are
/// views of one byte layout shared like sinsp's union (see the socket address section).
/// </summary>
public sealed class FdInfo
{
    public long Number { get; internal set; }
    /// <summary>The fd kind. Changing it re-reads the address bytes in the new kind's layout (see below).</summary>
    public ScapFdType Type { get; internal set; }
    public FdRole Role { get; internal set; }
    /// <summary>The text sysdig shows inside `&lt;f&gt;...`: path, tuple, pipe name or empty.</summary>
    public Utf8Text Name
    {
        get => _name;
        internal set { _name = value; IsSyslog = value.Bytes.IndexOf("/dev/log"u8) >= 0; }
    }
    private Utf8Text _name = Utf8Text.Empty;

    // fd.name_changed: the name this fd had when it was last looked up in its table (sinsp's
    // m_oldname). A new fd starts with an empty one, so an event that creates an fd changes it.
    private Utf8Text _oldName = Utf8Text.Empty;

    /// <summary>Remembers the current name as the one before the event (only stores when it differs: no write in steady state).</summary>
    internal void MarkLookedUp()
    {
        if (!ReferenceEquals(_oldName, _name)) _oldName = _name;
    }

    /// <summary>Whether the name differs from the one it had at its last lookup.</summary>
    internal bool NameChangedSinceLookup => !ReferenceEquals(_oldName, _name) && !_oldName.Equals(_name);
    /// <summary>True when the name contains /dev/log (writes to it get the syslog summary).</summary>
    public bool IsSyslog { get; private set; }
    /// <summary>PPM_O_* flags the fd was opened with (files).</summary>
    public uint OpenFlags { get; internal set; }
    public uint Dev { get; internal set; }
    /// <summary>
    /// sinsp's "socket connected" flag (fd.connected): set by a connect that succeeded or is in
    /// progress, accept, a successful read/write on an IP socket, getsockopt(SO_ERROR) without an
    /// error, and for TCP sockets found in the process list.
    /// </summary>
    public bool Connected { get; internal set; }
    public ulong Ino { get; internal set; }

    // ---- socket addresses ------------------------------------------------------------------
    // sinsp keeps every socket address kind in one union and reads it through the layout of the
    // fd's current type, so when an fd changes kind (a listening socket that receives a datagram,
    // an IPv6 socket that connects to an IPv4-mapped address) the old bytes show through. The
    // same bytes are kept here, with the same offsets:
    //   IPv4 tuple: sip 0..3, dip 4..7, sport 8, dport 10, l4 12     IPv4 server: ip 0..3, port 4, l4 6
    //   IPv6 tuple: sip 0..15, dip 16..31, sport 32, dport 34, l4 36 IPv6 server: ip 0..15, port 16, l4 18
    //   unix: source 0..7, dest 8..15 (ports little-endian, addresses in network order).
    private SocketBytes _sock;

    [System.Runtime.CompilerServices.InlineArray(40)]
    private struct SocketBytes { private byte _b; }

    private Span<byte> Sock => _sock;

    /// <summary>The raw address bytes (the engine carries them over where sinsp reuses a struct).</summary>
    internal Span<byte> SocketLayout => _sock;

    /// <summary>Client end of a connection (IPv4/IPv6 sockets); zero for other kinds.</summary>
    public IpAddress SourceIp
    {
        get => Type switch
        {
            ScapFdType.IPv6Socket => IpAddress.FromBytes(Sock[..16]),
            ScapFdType.IPv4Socket => IpAddress.FromBytes(Sock[..4]),
            _ => default,
        };
        internal set { if (Type == ScapFdType.IPv6Socket) WriteIp(0, value, 16); else WriteIp(0, value, 4); }
    }

    /// <summary>Server end of a connection, or the bound address of a listening socket.</summary>
    public IpAddress DestIp
    {
        get => Type switch
        {
            ScapFdType.IPv6Socket => IpAddress.FromBytes(Sock[16..32]),
            ScapFdType.IPv6ServerSocket => IpAddress.FromBytes(Sock[..16]),
            ScapFdType.IPv4ServerSocket => IpAddress.FromBytes(Sock[..4]),
            _ => IpAddress.FromBytes(Sock[4..8]),
        };
        internal set
        {
            switch (Type)
            {
                case ScapFdType.IPv6Socket: WriteIp(16, value, 16); break;
                case ScapFdType.IPv6ServerSocket: WriteIp(0, value, 16); break;
                case ScapFdType.IPv4ServerSocket: WriteIp(0, value, 4); break;
                default: WriteIp(4, value, 4); break;
            }
        }
    }

    public ushort SourcePort
    {
        get => Type switch
        {
            ScapFdType.IPv6Socket => U16(32),
            ScapFdType.IPv4Socket => U16(8),
            _ => 0,
        };
        internal set => SetU16(Type == ScapFdType.IPv6Socket ? 32 : 8, value);
    }

    public ushort DestPort
    {
        get => U16(DestPortOffset);
        internal set => SetU16(DestPortOffset, value);
    }

    private int DestPortOffset => Type switch
    {
        ScapFdType.IPv6Socket => 34, ScapFdType.IPv6ServerSocket => 16, ScapFdType.IPv4ServerSocket => 4, _ => 10,
    };

    /// <summary>The stored transport (fd.l4proto is <see cref="EffectiveL4Proto"/>).</summary>
    public L4Proto L4Proto
    {
        get => (L4Proto)Sock[L4Offset];
        internal set => Sock[L4Offset] = (byte)value;
    }

    private int L4Offset => Type switch
    {
        ScapFdType.IPv6Socket => 36, ScapFdType.IPv6ServerSocket => 18, ScapFdType.IPv4ServerSocket => 6, _ => 12,
    };

    /// <summary>Kernel addresses of a unix socket's two ends.</summary>
    public ulong UnixSource
    {
        get => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Sock);
        internal set => System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(Sock, value);
    }

    public ulong UnixDest
    {
        get => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Sock[8..]);
        internal set => System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(Sock[8..], value);
    }

    /// <summary>The IPv4-layout fields whatever the type (sinsp's role guess reads them so).</summary>
    internal ushort RawIPv4SourcePort => U16(8);
    internal ushort RawIPv4DestPort => U16(10);
    internal byte RawIPv4L4 { get => Sock[12]; set => Sock[12] = value; }
    internal byte RawIPv6L4 => Sock[36];

    private ushort U16(int at) => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(Sock[at..]);
    private void SetU16(int at, ushort v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(Sock[at..], v);

    // An IPv4 value written into a 16-byte slot becomes ::ffff:a.b.c.d; a v6 value into 4 bytes keeps its last 4.
    private void WriteIp(int at, IpAddress ip, int size)
    {
        Span<byte> b = stackalloc byte[16];
        if (size == 16)
        {
            if (ip.IsV6) ip.CopyTo(b);
            else { ip.CopyTo(b); b[..4].CopyTo(b[12..]); b[..12].Clear(); b[10] = b[11] = 0xFF; }
            b.CopyTo(Sock[at..]);
        }
        else
        {
            (ip.IsV6 ? ip.ToV4() : ip).CopyTo(b);
            b[..4].CopyTo(Sock[at..]);
        }
    }

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
            switch (Type)
            {
                case ScapFdType.IPv4ServerSocket:
                case ScapFdType.IPv6ServerSocket:
                    return L4Proto;
                case ScapFdType.IPv4Socket:
                case ScapFdType.IPv6Socket:
                    if (L4Proto == L4Proto.Raw) return L4Proto.Raw;
                    return Role == FdRole.None ? L4Proto.NotApplicable : L4Proto;
                default:
                    return L4Proto.NotApplicable;
            }
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
