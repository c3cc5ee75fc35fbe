namespace Sharpdig.Capture;

/// <summary>
/// The state snapshot a capture starts from: what a file's header section (or a live
/// /proc scan) says about the machine, its interfaces, users, groups, threads and their fds.
/// Strings are kept as the raw bytes that were stored, so a file can be written back unchanged.
/// </summary>
public sealed class CaptureMetadata
{
    public MachineInfo? Machine { get; set; }
    public List<InterfaceEntry> Interfaces { get; } = [];
    public List<UserEntry> Users { get; } = [];
    public List<GroupEntry> Groups { get; } = [];
    public List<ProcessEntry> Processes { get; } = [];
    /// <summary>One entry per fd-list block, in file order (keyed by thread id).</summary>
    public List<FdListEntry> FdLists { get; } = [];
}

/// <summary>Machine info block. Reserved fields are those newer libs use for boot time and flags.</summary>
public sealed record MachineInfo(uint NumCpus, ulong MemorySizeBytes, ulong MaxPid, string Hostname,
    ulong Reserved1 = 0, ulong Reserved2 = 0, ulong Reserved3 = 0, ulong Reserved4 = 0);

public enum InterfaceKind : ushort { IPv4 = 1, IPv6 = 2, IPv4NoLinkSpeed = 3, IPv6NoLinkSpeed = 4 }

/// <summary>One address of a network interface. Addresses are in network byte order (4 or 16 bytes).</summary>
public sealed record InterfaceEntry(InterfaceKind Kind, string Name, byte[] Address, byte[] Netmask,
    byte[] Broadcast, ulong LinkSpeed)
{
    public bool IsIPv6 => Kind is InterfaceKind.IPv6 or InterfaceKind.IPv6NoLinkSpeed;
}

public sealed record UserEntry(uint Uid, uint Gid, string Name, string HomeDir, string Shell);

public sealed record GroupEntry(uint Gid, string Name);

/// <summary>
/// One thread from a process-list block, whatever its version (missing fields hold the
/// defaults the readers use). Args/env/cgroups are NUL-separated byte strings as stored.
/// </summary>
public sealed class ProcessEntry
{
    public long Tid { get; set; }
    public long Pid { get; set; }
    public long Ptid { get; set; }
    public long Sid { get; set; } = -1;
    public long Vpgid { get; set; } = -1;
    public string Comm { get; set; } = "";
    public string Exe { get; set; } = "";
    public string ExePath { get; set; } = "";
    /// <summary>argv[1..] as NUL-terminated strings concatenated.</summary>
    public byte[] Args { get; set; } = [];
    public string Cwd { get; set; } = "";
    public ulong FdLimit { get; set; }
    /// <summary>PPM_CL_* bits; CLONE_THREAD|CLONE_FILES (0x2001) marks a non-main thread.</summary>
    public uint Flags { get; set; }
    public uint Uid { get; set; }
    public uint Gid { get; set; }
    public uint VmSizeKb { get; set; }
    public uint VmRssKb { get; set; }
    public uint VmSwapKb { get; set; }
    public ulong PageFaultsMajor { get; set; }
    public ulong PageFaultsMinor { get; set; }
    public byte[] Env { get; set; } = [];
    public long Vtid { get; set; } = -1;
    public long Vpid { get; set; } = -1;
    public byte[] Cgroups { get; set; } = [];
    public string Root { get; set; } = "";
    public uint LoginUid { get; set; } = uint.MaxValue;
    public bool ExeWritable { get; set; }
}

/// <summary>The scap fd types (values as stored in fd-list blocks).</summary>
public enum ScapFdType : byte
{
    Unknown = 0, File = 1, Directory = 2, IPv4Socket = 3, IPv6Socket = 4, IPv4ServerSocket = 5,
    IPv6ServerSocket = 6, Fifo = 7, UnixSocket = 8, Event = 9, Unsupported = 10, SignalFd = 11,
    EventPoll = 12, Inotify = 13, TimerFd = 14, Netlink = 15, FileV2 = 16,
    // Newer libs only.
    Bpf = 17, UserFaultFd = 18, IoUring = 19, MemFd = 20, PidFd = 21,
}

/// <summary>Transport protocol of a socket (scap_l4_proto).</summary>
public enum L4Proto : byte { Unknown = 0, NotApplicable = 1, Tcp = 2, Udp = 3, Icmp = 4, Raw = 5 }

/// <summary>One fd of a thread as stored in an fd-list block. Which fields matter depends on Type.</summary>
public sealed class FdEntry
{
    public long Fd { get; set; }
    public ulong Ino { get; set; }
    public ScapFdType Type { get; set; }
    /// <summary>Name for files, dirs, fifos, unix paths and the other named kinds.</summary>
    public string Name { get; set; } = "";
    /// <summary>PPM_O_* flags for FILE_V2 entries.</summary>
    public uint OpenFlags { get; set; }
    public uint Dev { get; set; }
    /// <summary>Source / server address, network order (4 or 16 bytes).</summary>
    public byte[] SourceIp { get; set; } = [];
    public byte[] DestIp { get; set; } = [];
    public ushort SourcePort { get; set; }
    public ushort DestPort { get; set; }
    public L4Proto L4Proto { get; set; }
    /// <summary>Kernel socket addresses of a unix socket's two ends.</summary>
    public ulong UnixSource { get; set; }
    public ulong UnixDest { get; set; }
}

public sealed record FdListEntry(long Tid, List<FdEntry> Fds);
