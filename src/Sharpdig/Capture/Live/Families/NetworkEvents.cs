using System.Buffers.Binary;

namespace Sharpdig.Capture.Live;

// Sockets: addresses come from user memory, tuples from the kernel's socket (SocketInfo).

internal static partial class SyscallRecipes
{
    private static void AddNetworkRecipes(AddRecipe add)
    {
        var ok = CaptureWhen.OnSuccess;
        var sockArg0 = Item(CaptureKind.SocketOfArg, 0);
        add("socket", 18, 19, [], []);
        add("bind", 20, 21, [], [Item(CaptureKind.SockAddr, 1, 2)]);
        add("connect", 22, 23, [Item(CaptureKind.SockAddr, 1, 2)], [sockArg0, Item(CaptureKind.SockAddr, 1, 2)]);
        add("listen", 24, 25, [], []);
        add("accept", 246, 247, [], [Item(CaptureKind.SocketOfRet, when: ok), sockArg0]);
        add("accept4", 248, 249, [], [Item(CaptureKind.SocketOfRet, when: ok), sockArg0]);
        add("sendto", 30, 31, [sockArg0, Item(CaptureKind.SockAddr, 4, 5)], [BufRet(1)]);
        add("recvfrom", 34, 35, [], [BufRet(1), sockArg0, Item(CaptureKind.SockAddrLengthPtr, 4, 5, ok)]);
        add("sendmsg", 48, 49, [Item(CaptureKind.MsgArg, 1), sockArg0], [Item(CaptureKind.MsgRet, 1)]);
        add("recvmsg", 52, 53, [], [Item(CaptureKind.MsgRet, 1), sockArg0]);
        add("sendmmsg", 50, 51, [], []);
        add("recvmmsg", 54, 55, [], []);
        add("shutdown", 36, 37, [], []);
        add("getsockname", 38, 39, [], []);
        add("getpeername", 40, 41, [], []);
        add("socketpair", 42, 43, [], [Item(CaptureKind.SocketPair, 3, when: ok)]);
        add("setsockopt", 44, 45, [], [Item(CaptureKind.BufferArgLength, 3, 4)]);
        add("getsockopt", 46, 47, [], [Fixed(4, 4, ok), Fixed(3, 16, ok)]);
    }
}

internal sealed partial class LiveEventDecoder
{
    private const int AfUnix = 1, AfInet = 2, AfInet6 = 10;

    private bool WriteNetworkParams(int code, KernelRecord r)
    {
        var b = _b;
        switch (code)
        {
            case 18: case 42:  // socket/socketpair >
                b.U32((uint)r.Arg(0)); b.U32((uint)r.Arg(1)); b.U32((uint)r.Arg(2));
                return true;
            case 19:
                Res(r);
                return true;
            case 20:
                Fd(r.Arg(0));
                return true;
            case 21:  // bind <
                Res(r); SockAddr(r.Blob(0));
                return true;
            case 22:  // connect >
                Fd(r.Arg(0)); SockAddr(r.Blob(0));
                return true;
            case 23:  // connect <: local -> remote
                Res(r); Tuple(new SocketInfo(r.Blob(0)), r.Blob(1), localIsSource: true);
                return true;
            case 24:  // listen >
                Fd(r.Arg(0)); b.U32((uint)r.Arg(1));
                return true;
            case 25: case 37:
                Res(r);
                return true;
            case 246:
                return true;
            case 248:  // accept4 >
                b.I32((int)r.Arg(3));
                return true;
            case 247: case 249:  // accept <: client (remote) -> server (local)
            {
                Res(r);
                Tuple(new SocketInfo(r.Blob(0)), default, localIsSource: false);
                var listener = new SocketInfo(r.Blob(1));
                uint len = listener.IsValid ? listener.AckBacklog : 0, max = listener.IsValid ? listener.MaxAckBacklog : 0;
                b.U8(max > 0 ? (uint)(len * 100 / max) : 0); b.U32(len); b.U32(max);
                return true;
            }
            case 30:  // sendto >
                Fd(r.Arg(0)); b.U32((uint)r.Arg(2));
                Tuple(new SocketInfo(r.Blob(0)), r.Blob(1), localIsSource: true);
                return true;
            case 31:
                Res(r); b.Bytes(r.Blob(0));
                return true;
            case 34:  // recvfrom >
                Fd(r.Arg(0)); b.U32((uint)r.Arg(2));
                return true;
            case 35:  // recvfrom <: res, data, tuple (peer -> local)
                Res(r); b.Bytes(r.Blob(0));
                Tuple(new SocketInfo(r.Blob(1)), r.Blob(2), localIsSource: false);
                return true;
            case 48:  // sendmsg >: fd, size, tuple
            {
                var msg = r.Blob(0);
                Fd(r.Arg(0)); b.U32((uint)MsgTotal(msg));
                Tuple(new SocketInfo(r.Blob(1)), MsgName(msg), localIsSource: true);
                return true;
            }
            case 49:
                Res(r); b.Bytes(MsgData(r.Blob(0)));
                return true;
            case 52:
                Fd(r.Arg(0));
                return true;
            case 53:  // recvmsg <: res, size, data, tuple
            {
                var msg = r.Blob(0);
                Res(r); b.U32((uint)MsgTotal(msg)); b.Bytes(MsgData(msg));
                Tuple(new SocketInfo(r.Blob(1)), MsgName(msg), localIsSource: false);
                return true;
            }
            case 50: case 51: case 54: case 55: case 38: case 39: case 40: case 41: case 44: case 46:
                return true;
            case 36:  // shutdown >
                Fd(r.Arg(0)); b.U8((uint)r.Arg(1));
                return true;
            case 43:  // socketpair <
            {
                var blob = r.Blob(0);
                Res(r);
                b.I64(blob.Length >= 8 ? BinaryPrimitives.ReadInt32LittleEndian(blob) : -1);
                b.I64(blob.Length >= 8 ? BinaryPrimitives.ReadInt32LittleEndian(blob[4..]) : -1);
                b.U64(ReadU64(blob, 8)); b.U64(ReadU64(blob, 16));
                return true;
            }
            case 45:  // setsockopt <
                Res(r); Fd(r.Arg(0)); SockoptLevelAndName(r.Arg(1), r.Arg(2));
                SockoptValue(r.Arg(1), r.Arg(2), r.Blob(0)); b.U32((uint)r.Arg(4));
                return true;
            case 47:  // getsockopt <
            {
                uint len = ReadU32(r.Blob(0), 0);
                var val = r.Blob(1);
                if (val.Length > len) val = val[..(int)len];
                Res(r); Fd(r.Arg(0)); SockoptLevelAndName(r.Arg(1), r.Arg(2));
                SockoptValue(r.Arg(1), r.Arg(2), val); b.U32(len);
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>A Linux sockaddr from user memory as a scap SOCKADDR (family byte, address, host-order port).</summary>
    private void SockAddr(ReadOnlySpan<byte> sa)
    {
        if (sa.Length < 2) { _b.Empty(); return; }
        int family = BinaryPrimitives.ReadUInt16LittleEndian(sa);
        switch (family)
        {
            case AfInet when sa.Length >= 8:
            {
                var dst = _b.Raw(7);
                dst[0] = AfInet; sa.Slice(4, 4).CopyTo(dst[1..]);
                BinaryPrimitives.WriteUInt16LittleEndian(dst[5..], BinaryPrimitives.ReadUInt16BigEndian(sa[2..]));
                return;
            }
            case AfInet6 when sa.Length >= 24:
            {
                var dst = _b.Raw(19);
                dst[0] = AfInet6; sa.Slice(8, 16).CopyTo(dst[1..]);
                BinaryPrimitives.WriteUInt16LittleEndian(dst[17..], BinaryPrimitives.ReadUInt16BigEndian(sa[2..]));
                return;
            }
            case AfUnix:
            {
                var path = UnixPath(sa);
                var dst = _b.Raw(path.Length + 2);
                dst[0] = AfUnix; path.CopyTo(dst[1..]); dst[^1] = 0;
                return;
            }
            default:
                _b.Raw(1)[0] = (byte)family;
                return;
        }
    }

    /// <summary>sun_path of a user sockaddr_un, without the NUL (abstract names keep their leading NUL dropped).</summary>
    private static ReadOnlySpan<byte> UnixPath(ReadOnlySpan<byte> sa)
    {
        var p = sa[2..];
        if (!p.IsEmpty && p[0] == 0) p = p[1..];   // abstract socket: sysdig shows the name after the NUL
        int nul = p.IndexOf((byte)0);
        return nul < 0 ? p : p[..nul];
    }

    /// <summary>
    /// An IPv4 or IPv6 SOCKTUPLE: family, then source ip/port and destination ip/port (ports little
    /// endian). <paramref name="userIp"/> (empty if the user address is of another family) stands in
    /// for the peer when the socket has no remote port yet.
    /// </summary>
    private void IpTuple(SocketInfo s, int family, int ipLength, ReadOnlySpan<byte> userIp, ReadOnlySpan<byte> userAddr, bool localIsSource)
    {
        Span<byte> rip = stackalloc byte[16];
        rip = rip[..ipLength];
        s.RemoteIp[..ipLength].CopyTo(rip);
        ushort rport = s.RemotePort;
        if (rport == 0 && !userIp.IsEmpty)
        {
            userIp.CopyTo(rip);
            rport = BinaryPrimitives.ReadUInt16BigEndian(userAddr[2..]);
        }
        var dst = _b.Raw(1 + 2 * (ipLength + 2));
        dst[0] = (byte)family;
        int localAt = localIsSource ? 1 : 3 + ipLength, remoteAt = localIsSource ? 3 + ipLength : 1;
        s.LocalIp[..ipLength].CopyTo(dst[localAt..]);
        BinaryPrimitives.WriteUInt16LittleEndian(dst[(localAt + ipLength)..], s.LocalPort);
        rip.CopyTo(dst[remoteAt..]);
        BinaryPrimitives.WriteUInt16LittleEndian(dst[(remoteAt + ipLength)..], rport);
    }

    /// <summary>
    /// A SOCKTUPLE from the kernel socket, with the user-supplied address standing in for a peer the
    /// socket does not know yet (unconnected UDP, a connect still in progress).
    /// </summary>
    private void Tuple(SocketInfo s, ReadOnlySpan<byte> userAddr, bool localIsSource)
    {
        if (!s.IsValid) { _b.Empty(); return; }
        int ufam = userAddr.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(userAddr) : 0;
        switch (s.Family)
        {
            case AfInet:
                IpTuple(s, AfInet, 4, ufam == AfInet && userAddr.Length >= 8 ? userAddr.Slice(4, 4) : default, userAddr, localIsSource);
                return;
            case AfInet6:
                IpTuple(s, AfInet6, 16, ufam == AfInet6 && userAddr.Length >= 24 ? userAddr.Slice(8, 16) : default, userAddr, localIsSource);
                return;
            case AfUnix:
            {
                // source = this socket, destination = its peer; the path is the address asked for
                // (connect/sendto) or, failing that, the socket's own bound name.
                var path = ufam == AfUnix ? UnixPath(userAddr) : s.UnixPath;
                var dst = _b.Raw(1 + 16 + path.Length + 1);
                dst[0] = AfUnix;
                BinaryPrimitives.WriteUInt64LittleEndian(dst[1..], s.Sock);
                BinaryPrimitives.WriteUInt64LittleEndian(dst[9..], s.Peer);
                path.CopyTo(dst[17..]); dst[^1] = 0;
                return;
            }
            default:
                _b.Empty();
                return;
        }
    }

    // MsgArg/MsgRet blob: u16 name length, name[112], u64 iovec total, data.
    private static ReadOnlySpan<byte> MsgName(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 2) return default;
        int n = Math.Min((int)BinaryPrimitives.ReadUInt16LittleEndian(blob), 112);
        return blob.Length >= 2 + n ? blob.Slice(2, n) : default;
    }

    private static ulong MsgTotal(ReadOnlySpan<byte> blob) => ReadU64(blob, 114);
    private static ReadOnlySpan<byte> MsgData(ReadOnlySpan<byte> blob) => blob.Length > 122 ? blob[122..] : default;

    private void SockoptLevelAndName(ulong level, ulong name)
    {
        uint scapLevel = level switch { 1 => 1u, 6 => 2u, _ => 0u };   // SOL_SOCKET, SOL_TCP
        _b.U8(scapLevel);
        _b.U8(scapLevel == 1 ? SockoptName(name) : 0);
    }

    /// <summary>SO_* (x86_64) to the sockopt_options values: identical up to 50, a few renumbered after.</summary>
    private static uint SockoptName(ulong name) => name switch
    {
        <= 50 => (uint)name, 59 => 51, 55 => 52, 57 => 53, _ => 0,
    };

    /// <summary>The DYN `val` of set/getsockopt: errno for SO_ERROR, time for timeouts, ints, else bytes.</summary>
    private void SockoptValue(ulong level, ulong name, ReadOnlySpan<byte> val)
    {
        if (level == 1 && name == 4 && val.Length >= 4)          // SO_ERROR
        {
            var d = _b.Raw(9); d[0] = 1; BinaryPrimitives.WriteInt64LittleEndian(d[1..], -BinaryPrimitives.ReadInt32LittleEndian(val));
        }
        else if (level == 1 && name is 20 or 21 && val.Length >= 16)  // SO_RCVTIMEO/SO_SNDTIMEO: timeval
        {
            ulong ns = ReadU64(val, 0) * 1_000_000_000UL + ReadU64(val, 8) * 1000UL;
            var d = _b.Raw(9); d[0] = 4; BinaryPrimitives.WriteUInt64LittleEndian(d[1..], ns);
        }
        else if (val.Length == 4)
        {
            var d = _b.Raw(5); d[0] = 2; val.CopyTo(d[1..]);
        }
        else if (val.Length == 8)
        {
            var d = _b.Raw(9); d[0] = 3; val.CopyTo(d[1..]);
        }
        else
        {
            var d = _b.Raw(1 + val.Length); d[0] = 0; val.CopyTo(d[1..]);
        }
    }
}
