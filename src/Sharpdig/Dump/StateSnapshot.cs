using System.Text;
using Sharpdig.Capture;
using Sharpdig.State;

namespace Sharpdig.Dump;

/// <summary>
/// Turns the engine's current state back into a capture header (what sinsp's dumper writes from
/// its thread table): every live thread with its own fds, users, groups, interfaces and machine
/// info. Re-importing the result gives the same threads, fds and names the engine has now.
/// </summary>
public static class StateSnapshot
{
    public static CaptureMetadata From(SystemState state)
    {
        var md = new CaptureMetadata { Machine = state.Machine };
        md.Interfaces.AddRange(state.Interfaces.All);
        md.Users.AddRange(state.Users.All);
        md.Groups.AddRange(state.Groups.All);
        var serverPorts = ListeningPorts(state);
        foreach (var t in state.Threads.All.OrderBy(t => t.Tid))
        {
            if (t.Removed) continue;
            md.Processes.Add(ProcessOf(t));
            var fds = new List<FdEntry>();
            foreach (var f in t.OwnFds.All.OrderBy(f => f.Number))
                if (FdOf(f, serverPorts) is { } e) fds.Add(e);
            md.FdLists.Add(new FdListEntry(t.Tid, fds));
        }
        return md;
    }

    private static ProcessEntry ProcessOf(ThreadInfo t) => new()
    {
        Tid = t.Tid, Pid = t.Pid, Ptid = t.Ptid, Sid = t.Sid, Vpgid = t.Vpgid,
        Comm = t.Comm.Value, Exe = t.Exe.Value, ExePath = t.ExePath.Value,
        Args = JoinNul(t.Args),
        // sinsp writes "/" for a thread with no cwd of its own.
        Cwd = t.OwnCwd.IsEmpty ? "/" : t.OwnCwd.Value,
        FdLimit = t.FdLimit, Flags = t.Flags, Uid = t.Uid, Gid = t.Gid,
        VmSizeKb = t.VmSizeKb, VmRssKb = t.VmRssKb, VmSwapKb = t.VmSwapKb,
        PageFaultsMajor = t.PageFaultsMajor, PageFaultsMinor = t.PageFaultsMinor,
        Env = JoinNul(t.Env), Vtid = t.Vtid, Vpid = t.Vpid,
        Cgroups = JoinNul(t.Cgroups.Select(c => c.Key + "=" + c.Value)),
        Root = t.Root.Value, LoginUid = t.LoginUid, ExeWritable = t.ExeWritable,
    };

    private static byte[] JoinNul(IEnumerable<string> items)
    {
        var sb = new StringBuilder();
        foreach (var s in items) sb.Append(s).Append('\0');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static HashSet<ushort> ListeningPorts(SystemState state)
    {
        var ports = new HashSet<ushort>();
        foreach (var t in state.Threads.All)
            foreach (var f in t.OwnFds.All)
                if (f.IsServerSocket) ports.Add(f.DestPort);
        return ports;
    }

    private static FdEntry? FdOf(FdInfo f, HashSet<ushort> serverPorts)
    {
        var e = new FdEntry { Fd = f.Number, Type = f.Type, Ino = f.Ino, Name = f.Name.Value };
        switch (f.Type)
        {
            case ScapFdType.IPv4Socket:
            case ScapFdType.IPv6Socket:
                e.L4Proto = f.L4Proto;
                // The reader treats the first end as local and flips it when that port listens
                // somewhere: store a server end local-first only when that flip will happen.
                if (f.Type == ScapFdType.IPv4Socket && f.Role == FdRole.Server && serverPorts.Contains(f.DestPort))
                {
                    e.SourceIp = AddressBytes(f.DestIp, f.Type); e.SourcePort = f.DestPort;
                    e.DestIp = AddressBytes(f.SourceIp, f.Type); e.DestPort = f.SourcePort;
                }
                else
                {
                    e.SourceIp = AddressBytes(f.SourceIp, f.Type); e.SourcePort = f.SourcePort;
                    e.DestIp = AddressBytes(f.DestIp, f.Type); e.DestPort = f.DestPort;
                }
                e.Name = "";
                break;
            case ScapFdType.IPv4ServerSocket:
            case ScapFdType.IPv6ServerSocket:
                e.L4Proto = f.L4Proto;
                e.SourceIp = AddressBytes(f.DestIp, f.Type); e.SourcePort = f.DestPort;
                e.Name = "";
                break;
            case ScapFdType.UnixSocket:
                e.UnixSource = f.UnixSource; e.UnixDest = f.UnixDest;
                break;
            case ScapFdType.FileV2:
                e.OpenFlags = f.OpenFlags; e.Dev = f.Dev;
                break;
            case ScapFdType.File: case ScapFdType.Directory: case ScapFdType.Fifo: case ScapFdType.Event:
            case ScapFdType.SignalFd: case ScapFdType.EventPoll: case ScapFdType.Inotify: case ScapFdType.TimerFd:
            case ScapFdType.Netlink: case ScapFdType.Unsupported:
                break;
            default:
                return null;   // kinds 0.29.3 cannot read back
        }
        return e;
    }

    private static byte[] AddressBytes(IpAddress ip, ScapFdType type)
    {
        bool v6 = type is ScapFdType.IPv6Socket or ScapFdType.IPv6ServerSocket;
        var buf = new byte[16];
        ip.CopyTo(buf);
        return v6 ? buf : buf[..4];
    }
}
