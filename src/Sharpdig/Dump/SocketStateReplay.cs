using System.Buffers.Binary;
using Sharpdig.Capture;
using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Dump;

/// <summary>
/// State that a 0.29.3 fd list cannot hold, rebuilt with state-only events at the start of a
/// rotated file: readers apply them to their state but never show them. The fd-list format keeps
/// no socket role, and its reader turns an IPv6 socket without addresses into an IPv4 one, so:
///  - an IPv6 socket with no role yet is re-created by socket(), plus bind() when it was bound to
///    a port-0 address (its name), plus a pending connect() enter when it already names a peer;
///  - a connected IPv6 client socket gets a connect() pair, which marks it as the client end;
///  - an IPv6 socket on the server end is re-created by accept().
/// </summary>
public static class SocketStateReplay
{
    private const byte AfInet6 = 10;

    public static IEnumerable<EventRecord> For(SystemState state, ulong timestampNs)
    {
        foreach (var t in state.Threads.All.OrderBy(t => t.Tid))
        {
            if (t.Removed) continue;
            foreach (var f in t.OwnFds.All.OrderBy(f => f.Number))
            {
                if (f.Type != ScapFdType.IPv6Socket) continue;
                var b = new RecordBuilder(timestampNs, t.Tid);
                if (f.Role == FdRole.Server)
                {
                    yield return b.Start(Ppme.SocketAcceptV5X).I64(f.Number).Bytes(Tuple(f)).U8(0).U32(0).U32(0).Build();
                }
                else if (f.Role == FdRole.Client && !(f.SourceIp.IsZero && f.DestIp.IsZero))
                {
                    yield return b.Start(Ppme.SocketConnectE).I64(f.Number).Bytes([]).Build();
                    yield return b.Start(Ppme.SocketConnectX).I64(0).Bytes(Tuple(f)).Build();
                }
                else
                {
                    var (type, proto) = SocketArgs(f.L4Proto);
                    yield return b.Start(Ppme.SocketSocketE).U32(AfInet6).U32(type).U32(proto).Build();
                    yield return b.Start(Ppme.SocketSocketX).I64(f.Number).Build();
                    if (f.SourceIp.IsZero && f.DestIp.IsZero && BoundAddress(f.Name.Value) is { } bound)
                    {
                        yield return b.Start(Ppme.SocketBindE).I64(f.Number).Build();
                        yield return b.Start(Ppme.SocketBindX).I64(0).Bytes(bound).Build();
                    }
                    if (!f.DestIp.IsZero)
                        yield return b.Start(Ppme.SocketConnectE).I64(f.Number).Bytes(Address(f.DestIp, f.DestPort)).Build();
                }
            }
        }
    }

    // A client bind() names the socket "ip:port" without setting its addresses.
    private static byte[]? BoundAddress(string name)
    {
        int colon = name.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(name.AsSpan(colon + 1), out ushort port)) return null;
        if (!System.Net.IPAddress.TryParse(name.AsSpan(0, colon), out var ip)
            || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return null;
        return Address(IpAddress.FromBytes(ip.GetAddressBytes()), port);
    }

    // socket() arguments that give the same transport (sinsp derives it from type and protocol).
    private static (uint Type, uint Proto) SocketArgs(L4Proto p) => p switch
    {
        L4Proto.Tcp => (1, 0),
        L4Proto.Udp => (2, 0),
        L4Proto.Icmp => (2, 1),
        L4Proto.Raw => (3, 255),
        _ => (0, 0),
    };

    private static byte[] Tuple(FdInfo f)
    {
        var d = new byte[37];
        d[0] = AfInet6;
        f.SourceIp.CopyTo(d.AsSpan(1, 16));
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(17), f.SourcePort);
        f.DestIp.CopyTo(d.AsSpan(19, 16));
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(35), f.DestPort);
        return d;
    }

    private static byte[] Address(IpAddress ip, ushort port)
    {
        var d = new byte[19];
        d[0] = AfInet6;
        ip.CopyTo(d.AsSpan(1, 16));
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(17), port);
        return d;
    }

    /// <summary>Builds one scap v2 record with 2-byte parameter lengths, flagged state-only.</summary>
    private sealed class RecordBuilder(ulong ts, long tid)
    {
        private readonly List<byte[]> _params = [];
        private ushort _type;

        public RecordBuilder Start(int type) { _type = (ushort)type; _params.Clear(); return this; }
        public RecordBuilder I64(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); _params.Add(b); return this; }
        public RecordBuilder U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); _params.Add(b); return this; }
        public RecordBuilder U8(byte v) { _params.Add([v]); return this; }
        public RecordBuilder Bytes(byte[] v) { _params.Add(v); return this; }

        public EventRecord Build()
        {
            int len = EventRecord.HeaderSize + 2 * _params.Count + _params.Sum(p => p.Length);
            var raw = new byte[len];
            BinaryPrimitives.WriteUInt64LittleEndian(raw, ts);
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8), tid);
            BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(16), (uint)len);
            BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(20), _type);
            BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(22), (uint)_params.Count);
            int at = EventRecord.HeaderSize;
            foreach (var p in _params) { BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(at), (ushort)p.Length); at += 2; }
            foreach (var p in _params) { p.CopyTo(raw.AsSpan(at)); at += p.Length; }
            var rec = new EventRecord();
            rec.Load(raw, 0, len, 0, DumpFlagsPolicy.StateOnly);
            return rec;
        }
    }
}
