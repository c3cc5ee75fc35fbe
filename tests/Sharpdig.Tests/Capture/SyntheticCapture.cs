using System.Buffers.Binary;
using System.Net;
using System.Text;
using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;

namespace Sharpdig.Tests.Capture;

/// <summary>
/// Builds small .scap captures for tests, on top of <see cref="ScapFileWriter"/>: metadata through
/// typed methods, events through <see cref="EventBuilder"/> (one typed call per parameter, checked
/// against the schema), and raw blocks for malformed or old-layout cases.
/// <code>
/// var cap = new SyntheticCapture().Machine().Process(100, 100, "cat")
///     .Event(EventTable.Codes.OpenE, 100, ts).Add()
///     .Event(EventTable.Codes.OpenX, 100, ts + 1).Fd(3).String("/etc/passwd").UInt32(1).UInt32(0).UInt32(0).Add();
/// byte[] file = cap.ToBytes();
/// </code>
/// </summary>
public sealed class SyntheticCapture
{
    private readonly List<Item> _items = [];

    public CaptureMetadata Metadata { get; } = new();
    public int EventCount => _items.Count(i => i.Record is not null);

    private sealed record Item(byte[]? Record, ushort Cpu, uint DumpFlags, uint BlockType, byte[]? BlockBody);

    public SyntheticCapture Machine(string hostname = "synthetic", uint cpus = 2, ulong memoryBytes = 1UL << 30)
    {
        Metadata.Machine = new MachineInfo(cpus, memoryBytes, 0, hostname);
        return this;
    }

    public SyntheticCapture IPv4Interface(string name, string address, string netmask = "255.255.255.0", ulong linkSpeed = 0)
    {
        byte[] addr = IPAddress.Parse(address).GetAddressBytes(), mask = IPAddress.Parse(netmask).GetAddressBytes();
        byte[] bcast = [.. addr.Select((b, i) => (byte)(b | ~mask[i]))];
        Metadata.Interfaces.Add(new InterfaceEntry(InterfaceKind.IPv4, name, addr, mask, bcast, linkSpeed));
        return this;
    }

    public SyntheticCapture User(uint uid, uint gid, string name, string home = "/root", string shell = "/bin/sh")
    {
        Metadata.Users.Add(new UserEntry(uid, gid, name, home, shell));
        return this;
    }

    public SyntheticCapture Group(uint gid, string name)
    {
        Metadata.Groups.Add(new GroupEntry(gid, name));
        return this;
    }

    /// <summary>A thread in the process list (main thread when tid == pid) with an empty fd list.</summary>
    public SyntheticCapture Process(long tid, long pid, string comm, string? exe = null, string[]? args = null,
        string cwd = "/", long ptid = 1, uint uid = 0, uint gid = 0)
    {
        Metadata.Processes.Add(new ProcessEntry
        {
            Tid = tid, Pid = pid, Ptid = ptid, Comm = comm, Exe = exe ?? comm, ExePath = "/usr/bin/" + comm,
            Args = NulJoined(args ?? []), Cwd = cwd, FdLimit = 1024, Uid = uid, Gid = gid,
            Flags = tid == pid ? 0u : 0x2001u, Vtid = tid, Vpid = pid, Sid = pid, Vpgid = pid, LoginUid = uid,
        });
        Metadata.FdLists.Add(new FdListEntry(tid, []));
        return this;
    }

    /// <summary>An open file in the fd list of <paramref name="tid"/> (which must be a listed process).</summary>
    public SyntheticCapture FileFd(long tid, long fd, string path, uint openFlags = 1)
    {
        FdListOf(tid).Add(new FdEntry { Fd = fd, Type = ScapFdType.FileV2, Name = path, OpenFlags = openFlags });
        return this;
    }

    public SyntheticCapture IPv4SocketFd(long tid, long fd, string sourceIp, ushort sourcePort, string destIp, ushort destPort,
        L4Proto proto = L4Proto.Tcp)
    {
        FdListOf(tid).Add(new FdEntry
        {
            Fd = fd, Type = ScapFdType.IPv4Socket, SourceIp = IPAddress.Parse(sourceIp).GetAddressBytes(),
            DestIp = IPAddress.Parse(destIp).GetAddressBytes(), SourcePort = sourcePort, DestPort = destPort, L4Proto = proto,
        });
        return this;
    }

    private List<FdEntry> FdListOf(long tid) =>
        Metadata.FdLists.FirstOrDefault(l => l.Tid == tid)?.Fds
        ?? throw new InvalidOperationException($"add Process({tid}, ...) before its fds");

    /// <summary>Starts an event; add its parameters in schema order, then call <see cref="EventBuilder.Add"/>.</summary>
    public EventBuilder Event(int type, long tid, ulong timestamp, ushort cpu = 0, uint dumpFlags = 0) =>
        new(this, type, tid, timestamp, cpu, dumpFlags);

    /// <summary>An open enter/exit pair as a 0.29.3 driver writes it.</summary>
    public SyntheticCapture OpenPair(long tid, ulong timestamp, long fd, string path, uint flags = 1, uint mode = 0, uint dev = 0) =>
        Event(EventTable.Codes.OpenE, tid, timestamp).String(path).UInt32(flags).UInt32(mode).Add()
            .Event(EventTable.Codes.OpenX, tid, timestamp + 1000).Fd(fd).String(path).UInt32(flags).UInt32(mode).UInt32(dev).Add();

    /// <summary>A close enter/exit pair.</summary>
    public SyntheticCapture ClosePair(long tid, ulong timestamp, long fd) =>
        Event(EventTable.Codes.CloseE, tid, timestamp).Fd(fd).Add()
            .Event(EventTable.Codes.CloseX, tid, timestamp + 1000).Errno(0).Add();

    /// <summary>A block of any type and body, placed among the events (old layouts, damage).</summary>
    public SyntheticCapture RawBlock(uint type, byte[] body)
    {
        _items.Add(new Item(null, 0, 0, type, body));
        return this;
    }

    internal void AddRecord(byte[] record, ushort cpu, uint dumpFlags) => _items.Add(new Item(record, cpu, dumpFlags, 0, null));

    public byte[] ToBytes(bool compress = false)
    {
        var stream = new MemoryStream();
        using (var writer = new ScapFileWriter(stream, Metadata, compress, leaveOpen: true))
        {
            var record = new EventRecord();
            foreach (var item in _items)
            {
                if (item.Record is { } bytes)
                {
                    record.Load(bytes, 0, bytes.Length, item.Cpu, item.DumpFlags);
                    writer.WriteEvent(record);
                }
                else
                {
                    writer.WriteBlock(item.BlockType, item.BlockBody);
                }
            }
        }
        return stream.ToArray();
    }

    public string WriteFile(string path, bool compress = false)
    {
        File.WriteAllBytes(path, ToBytes(compress));
        return path;
    }

    private static byte[] NulJoined(string[] parts) =>
        parts.Length == 0 ? [] : Encoding.UTF8.GetBytes(string.Concat(parts.Select(p => p + "\0")));
}

/// <summary>
/// One event under construction. Each typed method appends one parameter and, when the schema
/// type at that position has a fixed width, checks that the width matches.
/// </summary>
public sealed class EventBuilder
{
    private readonly SyntheticCapture _capture;
    private readonly EventInfo _info;
    private readonly long _tid;
    private readonly ulong _timestamp;
    private readonly ushort _cpu;
    private readonly uint _dumpFlags;
    private readonly List<byte[]> _params = [];

    internal EventBuilder(SyntheticCapture capture, int type, long tid, ulong timestamp, ushort cpu, uint dumpFlags)
    {
        _capture = capture;
        _info = EventTable.Get(type);
        _tid = tid; _timestamp = timestamp; _cpu = cpu; _dumpFlags = dumpFlags;
    }

    public EventBuilder Int8(sbyte v) => Fixed([(byte)v]);
    public EventBuilder UInt8(byte v) => Fixed([v]);
    public EventBuilder Int16(short v) { var b = new byte[2]; BinaryPrimitives.WriteInt16LittleEndian(b, v); return Fixed(b); }
    public EventBuilder UInt16(ushort v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); return Fixed(b); }
    public EventBuilder Int32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); return Fixed(b); }
    public EventBuilder UInt32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return Fixed(b); }
    public EventBuilder Int64(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); return Fixed(b); }
    public EventBuilder UInt64(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); return Fixed(b); }
    public EventBuilder Fd(long fd) => Int64(fd);
    public EventBuilder Errno(long res) => Int64(res);
    public EventBuilder Pid(long pid) => Int64(pid);

    /// <summary>CHARBUF / FSPATH / FSRELPATH: the bytes plus the terminating NUL.</summary>
    public EventBuilder String(string s) => Raw([.. Encoding.UTF8.GetBytes(s), 0]);

    /// <summary>BYTEBUF: the bytes as given.</summary>
    public EventBuilder Bytes(ReadOnlySpan<byte> data) => Raw(data.ToArray());

    /// <summary>SOCKADDR for AF_INET: family 2, address (network order), port (host order).</summary>
    public EventBuilder SockaddrIPv4(string ip, ushort port)
    {
        var b = new byte[7];
        b[0] = 2;
        IPAddress.Parse(ip).GetAddressBytes().CopyTo(b, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(5), port);
        return Raw(b);
    }

    /// <summary>SOCKTUPLE for AF_INET: family 2, source ip+port, destination ip+port.</summary>
    public EventBuilder SocktupleIPv4(string sourceIp, ushort sourcePort, string destIp, ushort destPort)
    {
        var b = new byte[13];
        b[0] = 2;
        IPAddress.Parse(sourceIp).GetAddressBytes().CopyTo(b, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(5), sourcePort);
        IPAddress.Parse(destIp).GetAddressBytes().CopyTo(b, 7);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(11), destPort);
        return Raw(b);
    }

    /// <summary>Any payload, unchecked (for deliberately wrong parameters).</summary>
    public EventBuilder Raw(byte[] payload)
    {
        _params.Add(payload);
        return this;
    }

    private EventBuilder Fixed(byte[] payload)
    {
        int index = _params.Count;
        if (index < _info.Parameters.Length)
        {
            var param = _info.Parameters[index];
            int width = FixedWidth(param.Type);
            if (width != 0 && width != payload.Length)
                throw new InvalidOperationException(
                    $"{_info.Name} parameter {index} ({param.Name}) is {param.Type}, {width} bytes; got {payload.Length}");
        }
        return Raw(payload);
    }

    private static int FixedWidth(ParamType type) => type switch
    {
        ParamType.Int8 or ParamType.UInt8 or ParamType.Flags8 or ParamType.SigType or ParamType.L4Proto or ParamType.SockFamily => 1,
        ParamType.Int16 or ParamType.UInt16 or ParamType.Flags16 or ParamType.SyscallId or ParamType.Port => 2,
        ParamType.Int32 or ParamType.UInt32 or ParamType.Flags32 or ParamType.Uid or ParamType.Gid or ParamType.Mode
            or ParamType.Bool or ParamType.SigSet or ParamType.IPv4Addr => 4,
        ParamType.Int64 or ParamType.UInt64 or ParamType.Errno or ParamType.Fd or ParamType.Pid or ParamType.RelTime
            or ParamType.AbsTime or ParamType.Double => 8,
        _ => 0,
    };

    /// <summary>The v2 record bytes (26-byte header, lengths, payloads).</summary>
    public byte[] BuildRecord()
    {
        int width = _info.HasLargePayload ? 4 : 2;
        int length = EventRecord.HeaderSize + width * _params.Count + _params.Sum(p => p.Length);
        var rec = new byte[length];
        BinaryPrimitives.WriteUInt64LittleEndian(rec, _timestamp);
        BinaryPrimitives.WriteInt64LittleEndian(rec.AsSpan(8), _tid);
        BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(16), (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(rec.AsSpan(20), (ushort)_info.Code);
        BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(22), (uint)_params.Count);
        int lenPos = EventRecord.HeaderSize, dataPos = lenPos + width * _params.Count;
        foreach (var p in _params)
        {
            if (width == 2) BinaryPrimitives.WriteUInt16LittleEndian(rec.AsSpan(lenPos), (ushort)p.Length);
            else BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(lenPos), (uint)p.Length);
            lenPos += width;
            p.CopyTo(rec, dataPos);
            dataPos += p.Length;
        }
        return rec;
    }

    /// <summary>
    /// The v1 record bytes (22-byte header without nparams, u16 lengths), as old producers wrote.
    /// <paramref name="lengthAdjust"/> is added to the stored len (old producers over-sized some types).
    /// </summary>
    public byte[] BuildV1Record(int lengthAdjust = 0)
    {
        byte[] v2 = BuildRecord();
        var v1 = new byte[v2.Length - 4];
        v2.AsSpan(0, 22).CopyTo(v1);
        v2.AsSpan(26).CopyTo(v1.AsSpan(22));
        BinaryPrimitives.WriteUInt32LittleEndian(v1.AsSpan(16), (uint)(v1.Length + lengthAdjust));
        return v1;
    }

    /// <summary>Appends the event to the capture (written as EV_V2, EVF_V2 or LARGE by the writer).</summary>
    public SyntheticCapture Add()
    {
        _capture.AddRecord(BuildRecord(), _cpu, _dumpFlags);
        return _capture;
    }

    /// <summary>Appends the event as an old v1 block (0x204, or 0x208 when it has dump flags).</summary>
    public SyntheticCapture AddAsV1(int lengthAdjust = 0)
    {
        byte[] record = BuildV1Record(lengthAdjust);
        bool flags = _dumpFlags != 0;
        var body = new byte[(flags ? 6 : 2) + record.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(body, _cpu);
        if (flags) BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(2), _dumpFlags);
        record.CopyTo(body, flags ? 6 : 2);
        return _capture.RawBlock(flags ? ScapBlockType.EventWithFlagsV1 : ScapBlockType.EventV1, body);
    }
}
