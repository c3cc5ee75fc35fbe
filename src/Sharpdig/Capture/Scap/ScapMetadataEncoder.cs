using System.Text;

namespace Sharpdig.Capture.Scap;

/// <summary>
/// Encodes <see cref="CaptureMetadata"/> into the block bodies sysdig 0.29.3 writes itself
/// (scap-format.md §15): MI, IL v2, UL v2, PL v9 and FDL v2.
/// </summary>
internal static class ScapMetadataEncoder
{
    // Longest strings sysdig 0.29.3 accepts in each place; longer ones make it refuse the file,
    // so the writer cuts them.
    private const int MaxUserString = 255;
    private const int MaxPath = 1024;
    private const int MaxArgs = 4096;
    private const int MaxFdName = 1023;

    public static void MachineInfo(ByteBuilder b, MachineInfo mi)
    {
        b.U32(mi.NumCpus);
        b.U64(mi.MemorySizeBytes);
        b.U64(mi.MaxPid);
        var host = b.Reserve(ScapMetadataDecoder.HostnameSize);
        host.Clear();
        byte[] name = Encoding.UTF8.GetBytes(mi.Hostname);
        name.AsSpan(0, Math.Min(name.Length, host.Length - 1)).CopyTo(host);   // keep a NUL at the end
        b.U64(mi.Reserved1);
        b.U64(mi.Reserved2);
        b.U64(mi.Reserved3);
        b.U64(mi.Reserved4);
    }

    /// <summary>IL v2: each entry preceded by its length, which does not count itself.</summary>
    public static void Interfaces(ByteBuilder b, IEnumerable<InterfaceEntry> interfaces)
    {
        // IPv4 first, then IPv6, as the real writers do.
        foreach (bool v6 in new[] { false, true })
            foreach (var entry in interfaces)
            {
                if (entry.IsIPv6 != v6) continue;
                int lengthAt = b.Length;
                b.U32(0);
                // Old "no link speed" kinds become the normal ones with speed 0.
                b.U16((ushort)(v6 ? InterfaceKind.IPv6 : InterfaceKind.IPv4));
                byte[] name = Encoding.UTF8.GetBytes(entry.Name);
                b.U16((ushort)Math.Min(name.Length, ushort.MaxValue));
                int addrLen = v6 ? 16 : 4;
                Address(b, entry.Address, addrLen);
                Address(b, entry.Netmask, addrLen);
                Address(b, entry.Broadcast, addrLen);
                b.U64(entry.LinkSpeed);
                b.Bytes(name.AsSpan(0, Math.Min(name.Length, ushort.MaxValue)));
                b.PatchU32(lengthAt, (uint)(b.Length - lengthAt - 4));
            }
    }

    private static void Address(ByteBuilder b, byte[] address, int length)
    {
        var span = b.Reserve(length);
        span.Clear();
        address.AsSpan(0, Math.Min(address.Length, length)).CopyTo(span);
    }

    /// <summary>UL v2: users then groups, each entry preceded by its length including itself.</summary>
    public static void Users(ByteBuilder b, CaptureMetadata meta)
    {
        foreach (var user in meta.Users)
        {
            int lengthAt = b.Length;
            b.U32(0);
            b.U8(0);
            b.U32(user.Uid);
            b.U32(user.Gid);
            b.String16(user.Name, MaxUserString);
            b.String16(user.HomeDir, MaxUserString);
            b.String16(user.Shell, MaxUserString);
            b.PatchU32(lengthAt, (uint)(b.Length - lengthAt));
        }
        foreach (var group in meta.Groups)
        {
            int lengthAt = b.Length;
            b.U32(0);
            b.U8(1);
            b.U32(group.Gid);
            b.String16(group.Name, MaxUserString);
            b.PatchU32(lengthAt, (uint)(b.Length - lengthAt));
        }
    }

    /// <summary>PL v9 ending with loginuid and exe_writable, the tail 0.29.3 and newer libs both read.</summary>
    public static void Processes(ByteBuilder b, IEnumerable<ProcessEntry> processes)
    {
        foreach (var p in processes)
        {
            int lengthAt = b.Length;
            b.U32(0);
            b.I64(p.Tid);
            b.I64(p.Pid);
            b.I64(p.Ptid);
            b.I64(p.Sid);
            b.I64(p.Vpgid);
            b.String16(p.Comm, MaxPath);
            b.String16(p.Exe, MaxPath);
            b.String16(p.ExePath, MaxPath);
            b.NulSeparated16(p.Args, MaxArgs);
            b.String16(p.Cwd, MaxPath);
            b.U64(p.FdLimit);
            b.U32(p.Flags);
            b.U32(p.Uid);
            b.U32(p.Gid);
            b.U32(p.VmSizeKb);
            b.U32(p.VmRssKb);
            b.U32(p.VmSwapKb);
            b.U64(p.PageFaultsMajor);
            b.U64(p.PageFaultsMinor);
            b.NulSeparated16(p.Env, MaxArgs);
            b.I64(p.Vtid);
            b.I64(p.Vpid);
            b.NulSeparated16(p.Cgroups, MaxArgs);
            b.String16(p.Root, MaxPath);
            b.U32(p.LoginUid);
            b.U8(p.ExeWritable ? (byte)1 : (byte)0);
            b.PatchU32(lengthAt, (uint)(b.Length - lengthAt));
        }
    }

    /// <summary>Whether 0.29.3 can read an fd entry of this type (it rejects newer kinds).</summary>
    public static bool IsWritableFdType(ScapFdType type) => type is >= ScapFdType.File and <= ScapFdType.FileV2;

    /// <summary>FDL v2: the tid, then entries preceded by their length including itself.</summary>
    public static void FdList(ByteBuilder b, FdListEntry list)
    {
        b.I64(list.Tid);
        foreach (var fd in list.Fds)
        {
            if (!IsWritableFdType(fd.Type)) continue;
            int lengthAt = b.Length;
            b.U32(0);
            b.I64(fd.Fd);
            b.U64(fd.Ino);
            b.U8((byte)fd.Type);
            switch (fd.Type)
            {
                case ScapFdType.IPv4Socket:
                    Address(b, fd.SourceIp, 4);
                    Address(b, fd.DestIp, 4);
                    b.U16(fd.SourcePort);
                    b.U16(fd.DestPort);
                    b.U8((byte)fd.L4Proto);
                    break;
                case ScapFdType.IPv6Socket:
                    Address(b, fd.SourceIp, 16);
                    Address(b, fd.DestIp, 16);
                    b.U16(fd.SourcePort);
                    b.U16(fd.DestPort);
                    b.U8((byte)fd.L4Proto);
                    break;
                case ScapFdType.IPv4ServerSocket:
                    Address(b, fd.SourceIp, 4);
                    b.U16(fd.SourcePort);
                    b.U8((byte)fd.L4Proto);
                    break;
                case ScapFdType.IPv6ServerSocket:
                    Address(b, fd.SourceIp, 16);
                    b.U16(fd.SourcePort);
                    b.U8((byte)fd.L4Proto);
                    break;
                case ScapFdType.UnixSocket:
                    b.U64(fd.UnixSource);
                    b.U64(fd.UnixDest);
                    b.String16(fd.Name, MaxFdName);
                    break;
                case ScapFdType.FileV2:
                    b.U32(fd.OpenFlags);
                    b.String16(fd.Name, MaxFdName);
                    b.U32(fd.Dev);
                    break;
                default:
                    b.String16(fd.Name, MaxFdName);
                    break;
            }
            b.PatchU32(lengthAt, (uint)(b.Length - lengthAt));
        }
    }
}
