using System.Buffers.Binary;
using Sharpdig.Capture;
using Sharpdig.Events;
using Sharpdig.Formatting;

namespace Sharpdig.State;

// Socket events: socket/socketpair, bind, connect, accept and the tuple updates that reads and
// writes on not-yet-named sockets bring.
public sealed partial class StateEngine
{
    private const uint AfUnix = 1, AfInet = 2, AfInet6 = 10, AfNetlink = 16;
    private const uint SockStream = 1, SockDgram = 2, SockRaw = 3;
    private const uint IpProtoIp = 0, IpProtoIcmp = 1, IpProtoTcp = 6, IpProtoUdp = 17, IpProtoRaw = 255;
    private readonly ByteWriter _nameScratch = new(256);

    private void AddSocket(EventContext ctx, long fd, uint domain, uint type, uint protocol)
    {
        var t = ctx.ParserThread!;
        var f = new FdInfo { Number = fd, Type = ScapFdType.Unknown, L4Proto = L4Proto.Unknown };
        if (domain == AfUnix) f.Type = ScapFdType.UnixSocket;
        else if (domain == AfInet || domain == AfInet6)
        {
            f.Type = domain == AfInet ? ScapFdType.IPv4Socket : ScapFdType.IPv6Socket;
            var l4 = L4Proto.Unknown;
            if (protocol == IpProtoTcp) l4 = type == SockRaw ? L4Proto.Raw : L4Proto.Tcp;
            else if (protocol == IpProtoUdp) l4 = type == SockRaw ? L4Proto.Raw : L4Proto.Udp;
            else if (protocol == IpProtoIp)
            {
                if ((type & 0xff) == SockStream) l4 = L4Proto.Tcp;
                else if ((type & 0xff) == SockDgram) l4 = L4Proto.Udp;
            }
            else if (protocol == IpProtoIcmp) l4 = type == SockRaw ? L4Proto.Raw : L4Proto.Icmp;
            else if (protocol == IpProtoRaw) l4 = L4Proto.Raw;
            f.L4Proto = l4;
        }
        else if (domain == AfNetlink) f.Type = ScapFdType.Netlink;
        // sysdig's build keeps sockets of other families too, as type "unknown" (<o>).
        ctx.Fd = AddFd(t, f);
    }

    private void InferSendtoSocket(EventRecord rec, EventContext ctx)
    {
        long fd = P64(rec, 0);
        if (fd < 0) return;
        var tuple = rec.GetParam(2);
        if (tuple.Length == 0) return;
        if (tuple[0] == AfInet || tuple[0] == AfInet6)
            AddSocket(ctx, fd, tuple[0] == AfInet ? AfInet : AfInet6, SockDgram, IpProtoUdp);
    }

    private void ParseSocketExit(EventRecord rec, EventContext ctx)
    {
        long fd = P64(rec, 0);
        if (fd < 0 || ctx.ParserThread is null) return;
        var enter = RetrieveEnter(ctx, rec);
        if (enter is null) return;
        AddSocket(ctx, fd, P32(enter, 0), P32(enter, 1), P32(enter, 2));
    }

    private void ParseSocketpairExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) < 0 || ctx.ParserThread is null) return;
        var t = ctx.ParserThread;
        ulong src = (ulong)P64(rec, 3), dst = (ulong)P64(rec, 4);
        ctx.Fd = AddFd(t, new FdInfo { Number = P64(rec, 1), Type = ScapFdType.UnixSocket, UnixSource = src, UnixDest = dst });
        AddFd(t, new FdInfo { Number = P64(rec, 2), Type = ScapFdType.UnixSocket, UnixSource = src, UnixDest = dst });
    }

    private void ParseBindExit(EventRecord rec, EventContext ctx)
    {
        var f = ctx.Fd;
        if (f is null || P64(rec, 0) < 0) return;
        var d = rec.GetParam(1);
        if (d.Length == 0) return;
        if (d[0] == AfInet && d.Length >= 7)
        {
            ushort port = BinaryPrimitives.ReadUInt16LittleEndian(d[5..]);
            if (port > 0)
            {
                // Same order as sinsp: the listening layout overlays the tuple one.
                f.Type = ScapFdType.IPv4ServerSocket;
                f.DestIp = IpAddress.FromBytes(d.Slice(1, 4));
                f.DestPort = port;
                f.L4Proto = (L4Proto)f.RawIPv4L4;
                f.Role = FdRole.Server;
            }
        }
        else if (d[0] == AfInet6 && d.Length >= 19)
        {
            ushort port = BinaryPrimitives.ReadUInt16LittleEndian(d[17..]);
            if (port > 0)
            {
                var ip = IpAddress.FromBytes(d.Slice(1, 16));
                byte l4 = f.RawIPv6L4;
                if (IsV4MappedOrZero(ip)) { f.Type = ScapFdType.IPv4ServerSocket; f.L4Proto = (L4Proto)l4; f.DestIp = ip.ToV4(); f.DestPort = port; }
                else { f.Type = ScapFdType.IPv6ServerSocket; f.DestPort = port; f.DestIp = ip; f.L4Proto = (L4Proto)l4; }
                f.Role = FdRole.Server;
            }
        }
        _nameScratch.Clear();
        SocketText.WriteSockAddr(_nameScratch, d, State.PortNames, f.EffectiveL4Proto);
        f.Name = Utf8Text.FromBytes(_nameScratch.WrittenSpan);
    }

    // getsockopt names its fd in the exit event; sinsp looks it up in the main thread's table.
    private void ParseGetsockoptExit(EventRecord rec, EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null) return;
        long fd = P64(rec, 1);
        ctx.Fd = GetFd(t.Process, fd);
        ctx.FdNumber = fd;
        t.LastEventFd = fd;
        // getsockopt(SOL_SOCKET, SO_ERROR) tells whether a pending connect went through.
        if (P64(rec, 0) < 0 || rec.ParamCount < 5 || ctx.Fd is not { } f) return;
        var level = rec.GetParam(2);
        var option = rec.GetParam(3);
        var value = rec.GetParam(4);
        if (level.Length < 1 || level[0] != SolSocket || option.Length < 1 || option[0] != SoError || value.Length < 9) return;
        long err = BinaryPrimitives.ReadInt64LittleEndian(value[1..]);
        f.Connected = err >= 0;
    }

    private const byte SolSocket = 1, SoError = 4;

    private void ParseConnectEnter(EventRecord rec, EventContext ctx)
    {
        var f = ctx.Fd;
        if (f is null || rec.ParamCount < 2) return;
        var d = rec.GetParam(1);
        if (d.Length == 0) return;
        if (d[0] == AfInet && d.Length >= 7)
        {
            f.Type = ScapFdType.IPv4Socket;
            f.DestIp = IpAddress.FromBytes(d.Slice(1, 4));
            f.DestPort = BinaryPrimitives.ReadUInt16LittleEndian(d[5..]);
        }
        else if (d[0] == AfInet6 && d.Length >= 19)
        {
            ushort port = BinaryPrimitives.ReadUInt16LittleEndian(d[17..]);
            var ip = IpAddress.FromBytes(d.Slice(1, 16));
            if (IsV4MappedOrZero(ip)) { f.Type = ScapFdType.IPv4Socket; f.DestIp = ip.ToV4(); }
            else { f.Type = ScapFdType.IPv6Socket; f.DestIp = ip; }
            f.DestPort = port;
        }
        else
        {
            _nameScratch.Clear();
            SocketText.WriteSockAddr(_nameScratch, d, State.PortNames, f.EffectiveL4Proto);
            f.Name = Utf8Text.FromBytes(_nameScratch.WrittenSpan);
            if (d.Length >= 17)
            {
                f.UnixSource = BinaryPrimitives.ReadUInt64LittleEndian(d[1..]);
                f.UnixDest = BinaryPrimitives.ReadUInt64LittleEndian(d[9..]);
            }
        }
    }

    private void ParseConnectExit(EventRecord rec, EventContext ctx)
    {
        var f = ctx.Fd;
        if (f is null) return;
        long res = P64(rec, 0);
        if (res < 0 && res != -115) return;   // EINPROGRESS still names the socket
        f.Connected = true;
        var d = rec.GetParam(1);
        if (d.Length == 0) return;
        FillClientSocket(rec, ctx, f, d);
    }

    private void FillClientSocket(EventRecord rec, EventContext ctx, FdInfo f, ReadOnlySpan<byte> d)
    {
        if (d[0] == AfInet || d[0] == AfInet6)
        {
            bool changed;
            if (d[0] == AfInet6)
            {
                if (d.Length < 37) return;
                var s = IpAddress.FromBytes(d.Slice(1, 16));
                var t = IpAddress.FromBytes(d.Slice(19, 16));
                if (!(IsV4MappedOrZero(s) && IsV4MappedOrZero(t))) { f.Type = ScapFdType.IPv6Socket; changed = SetTuple(f, s, Port(d, 17), t, Port(d, 35)); }
                else { f.Type = ScapFdType.IPv4Socket; changed = SetTuple(f, s.ToV4(), Port(d, 17), t.ToV4(), Port(d, 35)); }
            }
            else
            {
                if (d.Length < 13) return;
                f.Type = ScapFdType.IPv4Socket;
                changed = SetTuple(f, IpAddress.FromBytes(d.Slice(1, 4)), Port(d, 5), IpAddress.FromBytes(d.Slice(7, 4)), Port(d, 11));
            }
            if (changed && f.Role == FdRole.Server && IsUdp(f)) SwapEnds(f);   // a UDP server's connect
            f.Name = SocketInfoName(f);
        }
        else
        {
            // Whatever the fd's type, sinsp names it with the tuple text and keeps the unix ends.
            f.Name = UnixNameFromTuple(d);
            if (d.Length >= 17)
            {
                f.UnixSource = BinaryPrimitives.ReadUInt64LittleEndian(d[1..]);
                f.UnixDest = BinaryPrimitives.ReadUInt64LittleEndian(d[9..]);
            }
        }
        if (f.Role == FdRole.None) f.Role = FdRole.Client;
    }

    private void ParseAcceptExit(EventRecord rec, EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null) return;
        long fd = P64(rec, 0);
        if (fd < 0) return;
        t.LastEventFd = fd;
        var d = rec.GetParam(1);
        if (d.Length == 0) return;
        var f = new FdInfo { Number = fd, Connected = true };
        if (d[0] == AfInet && d.Length >= 13)
        {
            f.Type = ScapFdType.IPv4Socket;
            SetTuple(f, IpAddress.FromBytes(d.Slice(1, 4)), Port(d, 5), IpAddress.FromBytes(d.Slice(7, 4)), Port(d, 11));
            f.L4Proto = L4Proto.Tcp;
        }
        else if (d[0] == AfInet6 && d.Length >= 37)
        {
            var s = IpAddress.FromBytes(d.Slice(1, 16));
            var dd = IpAddress.FromBytes(d.Slice(19, 16));
            if (IsV4MappedOrZero(s) && IsV4MappedOrZero(dd)) { f.Type = ScapFdType.IPv4Socket; SetTuple(f, s.ToV4(), Port(d, 17), dd.ToV4(), Port(d, 35)); }
            else { f.Type = ScapFdType.IPv6Socket; SetTuple(f, s, Port(d, 17), dd, Port(d, 35)); }
            f.L4Proto = L4Proto.Tcp;
        }
        else if (d[0] == AfUnix)
        {
            f.Type = ScapFdType.UnixSocket;
            if (d.Length >= 17)
            {
                f.UnixSource = BinaryPrimitives.ReadUInt64LittleEndian(d[1..]);
                f.UnixDest = BinaryPrimitives.ReadUInt64LittleEndian(d[9..]);
            }
        }
        else return;
        // sinsp names the new fd before it is the event's fd, so -R looks the ports up for any transport.
        _nameScratch.Clear();
        SocketText.WriteSockTuple(_nameScratch, d, State.PortNames, L4Proto.Unknown);
        f.Name = Utf8Text.FromBytes(_nameScratch.WrittenSpan);
        f.Role = FdRole.Server;
        ctx.Fd = AddFd(t, f);
    }

    // parse_rw_exit: a successful read/write marks sockets connected and, for datagram-style
    // calls on unnamed or non-TCP sockets, takes the peer address from the tuple parameter.
    private void ParseReadWriteExit(EventRecord rec, EventContext ctx)
    {
        var f = ctx.Fd;
        if (f is null) return;
        if (P64(rec, 0) < 0) return;
        if (f.Type is ScapFdType.IPv4Socket or ScapFdType.IPv6Socket) f.Connected = true;
        ushort type = rec.Type;
        bool reads = (rec.Info.Flags & EventFlags.ReadsFromFd) != 0;
        ReadOnlySpan<byte> tuple;
        if (reads)
        {
            int tp = type == Ppme.SocketRecvfromX ? 2 : type == Ppme.SocketRecvmsgX ? 3 : -1;
            if (tp < 0 || !(f.Name.IsEmpty || !IsTcp(f))) return;
            tuple = rec.GetParam(tp);
        }
        else
        {
            if (!(type == Ppme.SocketSendtoX || type == Ppme.SocketSendmsgX)) return;
            if (!(f.Name.IsEmpty || !IsTcp(f))) return;
            var enter = RetrieveEnter(ctx, rec);
            if (enter is null) return;
            tuple = enter.GetParam(2);
        }
        if (!UpdateFromTuple(f, tuple)) return;
        if (f.Type is ScapFdType.IPv4Socket or ScapFdType.IPv6Socket)
        {
            if (f.Role == FdRole.None) GuessRole(ctx.ParserThread!, f, incoming: reads);
            if (reads ? f.Role == FdRole.Client : f.Role == FdRole.Server) SwapEnds(f);
            f.Name = SocketInfoName(f);
        }
        else
        {
            _nameScratch.Clear();
            SocketText.WriteSockTuple(_nameScratch, tuple, State.PortNames, f.EffectiveL4Proto);
            f.Name = Utf8Text.FromBytes(_nameScratch.WrittenSpan);
        }
    }

    // sinsp's is_tcp_socket / is_udp_socket look at IPv4 sockets only.
    private static bool IsTcp(FdInfo f) => f.Type == ScapFdType.IPv4Socket && f.L4Proto == L4Proto.Tcp;
    private static bool IsUdp(FdInfo f) => f.Type == ScapFdType.IPv4Socket && f.L4Proto == L4Proto.Udp;

    // sinsp's update_fd: returns false when the tuple says nothing new.
    private bool UpdateFromTuple(FdInfo f, ReadOnlySpan<byte> d)
    {
        if (d.Length == 0) return false;
        if (d[0] == AfInet)
        {
            if (d.Length < 13) return false;
            if (f.Type == ScapFdType.IPv4ServerSocket) f.RawIPv4L4 = (byte)f.L4Proto;
            f.Type = ScapFdType.IPv4Socket;
            if (!SetTuple(f, IpAddress.FromBytes(d.Slice(1, 4)), Port(d, 5), IpAddress.FromBytes(d.Slice(7, 4)), Port(d, 11))) return false;
        }
        else if (d[0] == AfInet6)
        {
            if (d.Length < 37) return false;
            var s = IpAddress.FromBytes(d.Slice(1, 16));
            var t = IpAddress.FromBytes(d.Slice(19, 16));
            if (IsV4MappedOrZero(s) && IsV4MappedOrZero(t))
            {
                f.Type = ScapFdType.IPv4Socket;
                if (!SetTuple(f, s.ToV4(), Port(d, 17), t.ToV4(), Port(d, 35))) return false;
            }
            else
            {
                // The type is left alone; the IPv6 layout is written whatever it is.
                var keep = f.Type;
                f.Type = ScapFdType.IPv6Socket;
                bool changed = SetTuple(f, s, Port(d, 17), t, Port(d, 35), compare: keep == ScapFdType.IPv6Socket);
                f.Type = keep;
                if (!changed) return false;
            }
        }
        else if (d[0] == AfUnix)
        {
            f.Type = ScapFdType.UnixSocket;
            if (d.Length >= 17)
            {
                f.UnixSource = BinaryPrimitives.ReadUInt64LittleEndian(d[1..]);
                f.UnixDest = BinaryPrimitives.ReadUInt64LittleEndian(d[9..]);
                f.Name = Utf8Text.FromBytes(ParamRenderer.UpToNul(d[17..]));
            }
            return true;
        }
        if (f.Type is ScapFdType.IPv4Socket or ScapFdType.IPv6Socket && f.L4Proto == L4Proto.Unknown) f.L4Proto = L4Proto.Udp;
        FillMissingLocalEnd(f);
        return true;
    }

    // sinsp's network_interfaces::update_fd: a connection with one end unknown (zero) gets a
    // local address guessed from the interface list.
    private void FillMissingLocalEnd(FdInfo f)
    {
        if (f.Type is not (ScapFdType.IPv4Socket or ScapFdType.IPv6Socket)) return;
        var s = f.SourceIp; var d = f.DestIp;
        if (!s.IsZero && !d.IsZero) return;
        if (s.IsZero)
        {
            var guess = State.Interfaces.InferLocal(d);
            if (guess == d && f.SourcePort == f.DestPort) return;
            f.SourceIp = guess;
        }
        else
        {
            var guess = State.Interfaces.InferLocal(s);
            if (guess == s && f.SourcePort == f.DestPort) return;
            f.DestIp = guess;
        }
    }

    // sinsp's update_ipv4/ipv6_addresses_and_ports.
    private static bool SetTuple(FdInfo f, IpAddress sip, ushort sport, IpAddress dip, ushort dport, bool compare = true)
    {
        if (compare && ((sip == f.SourceIp && sport == f.SourcePort && dip == f.DestIp && dport == f.DestPort) ||
            (dip == f.SourceIp && dport == f.SourcePort && sip == f.DestIp && sport == f.DestPort)))
            return false;
        bool changed = false;
        if (f.SourceIp != sip) { f.SourceIp = sip; changed = true; }
        if (f.SourcePort != sport) { f.SourcePort = sport; changed = true; }
        if (f.DestIp.IsZero) { f.DestIp = dip; changed = true; }
        if (f.DestPort == 0) { f.DestPort = dport; changed = true; }
        return changed;
    }

    // sinsp's set_net_role_by_guessing (whose port checks only look at IPv4 sockets).
    private static void GuessRole(ThreadInfo t, FdInfo f, bool incoming)
    {
        if (IsBoundToPort(t, f.RawIPv4DestPort) && !UsesClientPort(t, f.RawIPv4SourcePort))
        {
            f.Role = FdRole.Server;
            return;
        }
        if (!IsBoundToPort(t, f.RawIPv4DestPort)) { f.Role = FdRole.Client; return; }
        f.Role = incoming ? FdRole.Server : FdRole.Client;
    }

    private static bool IsBoundToPort(ThreadInfo t, ushort port)
    {
        foreach (var x in t.Fds.All)
        {
            if (x.Type == ScapFdType.IPv4Socket && x.DestPort == port) return true;
            if (x.Type == ScapFdType.IPv4ServerSocket && x.DestPort == port) return true;
        }
        return false;
    }

    private static bool UsesClientPort(ThreadInfo t, ushort port)
    {
        foreach (var x in t.Fds.All)
            if (x.Type == ScapFdType.IPv4Socket && x.SourcePort == port) return true;
        return false;
    }

    private static ushort Port(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadUInt16LittleEndian(d[at..]);

    /// <summary>sinsp's sockinfo_to_str: the tuple text for TCP/UDP, bare addresses for ICMP (and raw IPv4).</summary>
    private Utf8Text SocketInfoName(FdInfo f)
    {
        _nameScratch.Clear();
        var l4 = f.L4Proto;
        var s = f.SourceIp; var d = f.DestIp;
        if (f.Type == ScapFdType.IPv6Socket && IsV4MappedOrZero(s) && IsV4MappedOrZero(d)) { s = s.ToV4(); d = d.ToV4(); }
        if (l4 is L4Proto.Tcp or L4Proto.Udp)
        {
            SocketText.WriteEndpoint(_nameScratch, s, f.SourcePort, State.PortNames, l4);
            _nameScratch.Write("->"u8);
            SocketText.WriteEndpoint(_nameScratch, d, f.DestPort, State.PortNames, l4);
        }
        else if (l4 == L4Proto.Icmp || (l4 == L4Proto.Raw && f.Type == ScapFdType.IPv4Socket))
        {
            SocketText.WriteIp(_nameScratch, s);
            _nameScratch.Write("->"u8);
            SocketText.WriteIp(_nameScratch, d);
        }
        else _nameScratch.Write("<unknown>"u8);
        return Utf8Text.FromBytes(_nameScratch.WrittenSpan);
    }

    /// <summary>`sip:sport->dip:dport` for imported connections.</summary>
    private Utf8Text TupleName(FdInfo f)
    {
        _nameScratch.Clear();
        SocketText.WriteEndpoint(_nameScratch, f.SourceIp, f.SourcePort, State.PortNames, f.L4Proto);
        _nameScratch.Write("->"u8);
        SocketText.WriteEndpoint(_nameScratch, f.DestIp, f.DestPort, State.PortNames, f.L4Proto);
        return Utf8Text.FromBytes(_nameScratch.WrittenSpan);
    }

    /// <summary>`ip:port` for listening sockets.</summary>
    private Utf8Text ServerName(FdInfo f)
    {
        _nameScratch.Clear();
        SocketText.WriteEndpoint(_nameScratch, f.DestIp, f.DestPort, State.PortNames, f.L4Proto);
        return Utf8Text.FromBytes(_nameScratch.WrittenSpan);
    }

    private Utf8Text UnixNameFromTuple(ReadOnlySpan<byte> d)
    {
        _nameScratch.Clear();
        SocketText.WriteSockTuple(_nameScratch, d);
        return Utf8Text.FromBytes(_nameScratch.WrittenSpan);
    }
}
