using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Sharpdig.Capture.Live;

/// <summary>Kinds of records the kernel program writes (enum record_kind).</summary>
internal enum KernelRecordKind : ushort { SyscallEnter = 1, SyscallExit = 2, ProcessExit = 3, ContextSwitch = 4, SignalDelivery = 5, PageFault = 6 }

/// <summary>
/// A view over one ring-buffer record: the fixed header (struct record_header in the BPF program)
/// and its blobs (u16 length, u8 recipe item index, u8 kind, then the bytes).
/// </summary>
internal readonly ref struct KernelRecord
{
    public const int HeaderSize = 88;
    private readonly ReadOnlySpan<byte> _raw;

    public KernelRecord(ReadOnlySpan<byte> raw) => _raw = raw;

    public bool IsValid => _raw.Length >= HeaderSize && Length >= HeaderSize && Length <= _raw.Length;
    public ulong BootTimestamp => BinaryPrimitives.ReadUInt64LittleEndian(_raw);
    public uint Tid => BinaryPrimitives.ReadUInt32LittleEndian(_raw[8..]);
    public uint Pid => BinaryPrimitives.ReadUInt32LittleEndian(_raw[12..]);
    public int Length => (int)BinaryPrimitives.ReadUInt32LittleEndian(_raw[16..]);
    public KernelRecordKind Kind => (KernelRecordKind)BinaryPrimitives.ReadUInt16LittleEndian(_raw[20..]);
    public int SyscallNr => BinaryPrimitives.ReadUInt16LittleEndian(_raw[22..]);
    public ulong Arg(int i) => BinaryPrimitives.ReadUInt64LittleEndian(_raw[(24 + 8 * i)..]);
    public long Ret => BinaryPrimitives.ReadInt64LittleEndian(_raw[72..]);
    public ushort Cpu => BinaryPrimitives.ReadUInt16LittleEndian(_raw[80..]);
    public int BlobCount => BinaryPrimitives.ReadUInt16LittleEndian(_raw[82..]);

    /// <summary>The blob captured for recipe item <paramref name="item"/>, if the kernel wrote one.</summary>
    public bool TryGetBlob(int item, out ReadOnlySpan<byte> blob)
    {
        int pos = HeaderSize, end = Math.Min(Length, _raw.Length);
        for (int i = 0, n = BlobCount; i < n && pos + 4 <= end; i++)
        {
            int len = BinaryPrimitives.ReadUInt16LittleEndian(_raw[pos..]);
            if (pos + 4 + len > end) break;
            if (_raw[pos + 2] == item) { blob = _raw.Slice(pos + 4, len); return true; }
            pos += 4 + len;
        }
        blob = default;
        return false;
    }

    public ReadOnlySpan<byte> Blob(int item) => TryGetBlob(item, out var b) ? b : default;
}

/// <summary>struct task_info of the BPF program: the task fields sysdig reports at exec/clone.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct TaskInfo
{
    public uint Ptid, Ppid, Vtid, Vpid;
    public uint Uid, Gid, LoginUid;
    public uint TtyMajor, TtyMinor;
    public uint Pgid, Sid;
    public uint VmSizeKb, VmRssKb, VmSwapKb;
    public ulong FdLimit, MajorFaults, MinorFaults;
    public ulong StartTime;
    public unsafe fixed byte Comm[16];

    public static bool TryRead(ReadOnlySpan<byte> blob, out TaskInfo info)
    {
        if (blob.Length < Marshal.SizeOf<TaskInfo>()) { info = default; return false; }
        info = MemoryMarshal.Read<TaskInfo>(blob);
        return true;
    }

    public unsafe ReadOnlySpan<byte> CommBytes()
    {
        fixed (byte* p = Comm)
        {
            var span = new ReadOnlySpan<byte>(p, 16).ToArray().AsSpan();
            int nul = span.IndexOf((byte)0);
            return nul < 0 ? span : span[..nul];
        }
    }
}

/// <summary>struct sock_info of the BPF program, followed by the socket's own unix path.</summary>
internal readonly ref struct SocketInfo
{
    public const int Size = 72;
    private readonly ReadOnlySpan<byte> _b;
    public SocketInfo(ReadOnlySpan<byte> blob) => _b = blob;
    public bool IsValid => _b.Length >= Size;
    public ushort Family => BinaryPrimitives.ReadUInt16LittleEndian(_b);
    public ushort Type => BinaryPrimitives.ReadUInt16LittleEndian(_b[2..]);
    public ushort Protocol => BinaryPrimitives.ReadUInt16LittleEndian(_b[4..]);
    public uint AckBacklog => BinaryPrimitives.ReadUInt32LittleEndian(_b[8..]);
    public uint MaxAckBacklog => BinaryPrimitives.ReadUInt32LittleEndian(_b[12..]);
    public ReadOnlySpan<byte> LocalIp => _b.Slice(16, 16);
    public ReadOnlySpan<byte> RemoteIp => _b.Slice(32, 16);
    public ushort LocalPort => BinaryPrimitives.ReadUInt16LittleEndian(_b[48..]);
    public ushort RemotePort => BinaryPrimitives.ReadUInt16LittleEndian(_b[50..]);
    public ulong Sock => BinaryPrimitives.ReadUInt64LittleEndian(_b[56..]);
    public ulong Peer => BinaryPrimitives.ReadUInt64LittleEndian(_b[64..]);
    public ReadOnlySpan<byte> UnixPath
    {
        get
        {
            if (_b.Length <= 72) return default;
            var p = _b[72..];
            int nul = p.IndexOf((byte)0);
            return nul < 0 ? p : p[..nul];
        }
    }
}
