using System.Text;

namespace Sharpdig.Capture.Scap;

/// <summary>
/// Decodes the header-section blocks (machine info, interfaces, users, process list, fd lists)
/// into <see cref="CaptureMetadata"/>. Layouts and versions: scap-format.md §7-§11.
/// </summary>
internal static class ScapMetadataDecoder
{
    public const int MachineInfoBodySize = 180;
    public const int HostnameSize = 128;

    /// <summary>Decodes one header block into <paramref name="meta"/>; returns false for an unknown type.</summary>
    public static bool TryDecode(uint type, ReadOnlySpan<byte> body, long bodyOffset, bool duringOpen, CaptureMetadata meta)
    {
        switch (type)
        {
            case ScapBlockType.MachineInfo or ScapBlockType.MachineInfoInt:
                meta.Machine = DecodeMachineInfo(new BlockCursor(body, bodyOffset, "machine info", duringOpen));
                return true;
            case ScapBlockType.InterfaceListV1 or ScapBlockType.InterfaceListV1Int:
                DecodeInterfaces(new BlockCursor(body, bodyOffset, "interface list", duringOpen), false, meta.Interfaces);
                return true;
            case ScapBlockType.InterfaceListV2:
                DecodeInterfaces(new BlockCursor(body, bodyOffset, "interface list", duringOpen), true, meta.Interfaces);
                return true;
            case ScapBlockType.UserListV1 or ScapBlockType.UserListV1Int:
                DecodeUsers(new BlockCursor(body, bodyOffset, "user list", duringOpen), false, meta);
                return true;
            case ScapBlockType.UserListV2:
                DecodeUsers(new BlockCursor(body, bodyOffset, "user list", duringOpen), true, meta);
                return true;
            case ScapBlockType.FdListV1 or ScapBlockType.FdListV1Int:
                meta.FdLists.Add(DecodeFdList(new BlockCursor(body, bodyOffset, "fd list", duringOpen), false));
                return true;
            case ScapBlockType.FdListV2:
                meta.FdLists.Add(DecodeFdList(new BlockCursor(body, bodyOffset, "fd list", duringOpen), true));
                return true;
        }
        int plVersion = ScapBlockType.ProcessListVersion(type);
        if (plVersion == 0) return false;
        DecodeProcesses(new BlockCursor(body, bodyOffset, "process list", duringOpen), plVersion, meta.Processes);
        return true;
    }

    private static MachineInfo DecodeMachineInfo(BlockCursor c)
    {
        uint cpus = c.U32();
        ulong memory = c.U64();
        ulong maxPid = c.U64();
        var hostBytes = c.Take(HostnameSize);
        int nul = hostBytes.IndexOf((byte)0);
        string host = Encoding.UTF8.GetString(nul >= 0 ? hostBytes[..nul] : hostBytes);
        return new MachineInfo(cpus, memory, maxPid, host, c.U64(), c.U64(), c.U64(), c.U64());
    }

    private static void DecodeInterfaces(BlockCursor c, bool v2, List<InterfaceEntry> into)
    {
        while (c.Remaining >= 4)
        {
            if (v2)
            {
                uint entryLen = c.U32();   // excludes itself
                if (entryLen > (uint)c.Remaining) throw c.Error($"interface entry length {entryLen} exceeds the block");
                var entry = c.Sub((int)entryLen);
                into.Add(DecodeInterface(ref entry));
            }
            else
            {
                into.Add(DecodeInterface(ref c));
            }
        }
    }

    private static InterfaceEntry DecodeInterface(ref BlockCursor c)
    {
        ushort rawKind = c.U16();
        var kind = (InterfaceKind)rawKind;
        if (kind is not (InterfaceKind.IPv4 or InterfaceKind.IPv6 or InterfaceKind.IPv4NoLinkSpeed or InterfaceKind.IPv6NoLinkSpeed))
            throw c.Error($"unknown interface type {rawKind}");
        int nameLen = c.U16();
        int addrLen = kind is InterfaceKind.IPv6 or InterfaceKind.IPv6NoLinkSpeed ? 16 : 4;
        byte[] addr = c.Take(addrLen).ToArray();
        byte[] mask = c.Take(addrLen).ToArray();
        byte[] bcast = c.Take(addrLen).ToArray();
        ulong speed = kind is InterfaceKind.IPv4 or InterfaceKind.IPv6 ? c.U64() : 0;
        string name = Encoding.UTF8.GetString(c.Take(nameLen));
        return new InterfaceEntry(kind, name, addr, mask, bcast, speed);
    }

    private static void DecodeUsers(BlockCursor c, bool v2, CaptureMetadata meta)
    {
        while (c.Remaining >= 4)
        {
            if (v2)
            {
                uint entryLen = c.U32();   // includes itself
                if (entryLen < 4 || entryLen - 4 > (uint)c.Remaining)
                    throw c.Error($"user entry length {entryLen} does not fit the block");
                var entry = c.Sub((int)entryLen - 4);
                DecodeUser(ref entry, meta);
            }
            else
            {
                DecodeUser(ref c, meta);
            }
        }
    }

    private static void DecodeUser(ref BlockCursor c, CaptureMetadata meta)
    {
        byte kind = c.U8();
        if (kind == 0)
        {
            uint uid = c.U32(), gid = c.U32();
            string name = c.String16(), home = c.String16(), shell = c.String16();
            meta.Users.Add(new UserEntry(uid, gid, name, home, shell));
        }
        else
        {
            uint gid = c.U32();
            meta.Groups.Add(new GroupEntry(gid, c.String16()));
        }
    }

    private static void DecodeProcesses(BlockCursor c, int version, List<ProcessEntry> into)
    {
        while (c.Remaining >= 4)
        {
            if (version >= 9)
            {
                uint entryLen = c.U32();   // includes itself
                if (entryLen < 4 || entryLen - 4 > (uint)c.Remaining)
                    throw c.Error($"process entry length {entryLen} does not fit the block");
                var entry = c.Sub((int)entryLen - 4);
                into.Add(DecodeProcess(ref entry, version));
            }
            else
            {
                into.Add(DecodeProcess(ref c, version));
            }
        }
    }

    private static ProcessEntry DecodeProcess(ref BlockCursor c, int v)
    {
        var p = new ProcessEntry
        {
            Tid = c.I64(),
            Pid = c.I64(),
            Ptid = c.I64(),
        };
        if (v >= 6) p.Sid = c.I64();
        if (v >= 8) p.Vpgid = c.I64();
        p.Comm = c.String16();
        p.Exe = c.String16();
        if (v >= 7) p.ExePath = c.String16();
        p.Args = c.Bytes16();
        p.Cwd = c.String16();
        p.FdLimit = c.U64();
        p.Flags = c.U32();
        p.Uid = c.U32();
        p.Gid = c.U32();
        if (v >= 2)
        {
            p.VmSizeKb = c.U32();
            p.VmRssKb = c.U32();
            p.VmSwapKb = c.U32();
            p.PageFaultsMajor = c.U64();
            p.PageFaultsMinor = c.U64();
        }
        if (v >= 3) p.Env = c.Bytes16();
        if (v >= 4)
        {
            p.Vtid = c.I64();
            p.Vpid = c.I64();
            p.Cgroups = c.Bytes16();
        }
        if (v >= 5) p.Root = c.String16();
        if (v >= 9)
        {
            // Optional tail, present only when the entry length leaves room (0.29.3 layout).
            if (c.Remaining >= 4) p.LoginUid = c.U32();
            if (c.Remaining >= 1) p.ExeWritable = c.U8() != 0;
        }
        return p;
    }

    private static FdListEntry DecodeFdList(BlockCursor c, bool v2)
    {
        long tid = c.I64();
        var fds = new List<FdEntry>();
        while (c.Remaining >= 4)
        {
            if (v2)
            {
                uint entryLen = c.U32();   // includes itself
                if (entryLen < 4 || entryLen - 4 > (uint)c.Remaining)
                    throw c.Error($"fd entry length {entryLen} does not fit the block");
                var entry = c.Sub((int)entryLen - 4);
                fds.Add(DecodeFd(ref entry, v2: true));
            }
            else
            {
                fds.Add(DecodeFd(ref c, v2: false));
            }
        }
        return new FdListEntry(tid, fds);
    }

    private static FdEntry DecodeFd(ref BlockCursor c, bool v2)
    {
        var fd = new FdEntry { Fd = c.I64(), Ino = c.U64() };
        byte rawType = c.U8();
        fd.Type = (ScapFdType)rawType;
        switch (fd.Type)
        {
            case ScapFdType.IPv4Socket:
                fd.SourceIp = c.Take(4).ToArray();
                fd.DestIp = c.Take(4).ToArray();
                fd.SourcePort = c.U16();
                fd.DestPort = c.U16();
                fd.L4Proto = (L4Proto)c.U8();
                break;
            case ScapFdType.IPv6Socket:
                fd.SourceIp = c.Take(16).ToArray();
                fd.DestIp = c.Take(16).ToArray();
                fd.SourcePort = c.U16();
                fd.DestPort = c.U16();
                fd.L4Proto = (L4Proto)c.U8();
                break;
            case ScapFdType.IPv4ServerSocket:
                fd.SourceIp = c.Take(4).ToArray();
                fd.SourcePort = c.U16();
                fd.L4Proto = (L4Proto)c.U8();
                break;
            case ScapFdType.IPv6ServerSocket:
                fd.SourceIp = c.Take(16).ToArray();
                fd.SourcePort = c.U16();
                fd.L4Proto = (L4Proto)c.U8();
                break;
            case ScapFdType.UnixSocket:
                fd.UnixSource = c.U64();
                fd.UnixDest = c.U64();
                fd.Name = c.String16();
                break;
            case ScapFdType.FileV2:
                fd.OpenFlags = c.U32();
                fd.Name = c.String16();
                if (v2 && c.Remaining >= 4) fd.Dev = c.U32();
                break;
            case ScapFdType.Unknown:
                break;
            case ScapFdType.File or ScapFdType.Directory or ScapFdType.Fifo or ScapFdType.Event
                or ScapFdType.Unsupported or ScapFdType.SignalFd or ScapFdType.EventPoll or ScapFdType.Inotify
                or ScapFdType.TimerFd or ScapFdType.Netlink:
                fd.Name = c.String16();
                break;
            case ScapFdType.Bpf or ScapFdType.UserFaultFd or ScapFdType.IoUring or ScapFdType.MemFd or ScapFdType.PidFd:
                // Newer libs write these with a name; keep them readable.
                fd.Name = c.String16();
                break;
            default:
                if (!v2) throw c.Error($"unknown fd type {rawType}");
                // A v2 entry carries its length, so an unknown kind can be stepped over.
                fd.Type = ScapFdType.Unsupported;
                c.Skip(c.Remaining);
                break;
        }
        return fd;
    }
}
