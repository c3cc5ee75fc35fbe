using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace Sharpdig.Capture.Live;

/// <summary>
/// Builds the initial state of a live capture from /proc and /etc: machine info, interfaces, users,
/// groups, every thread and every fd (sockets resolved through /proc/PID/net). This is what a
/// `-w` file stores in its header section, so a capture is self-contained.
/// </summary>
internal static class ProcScanner
{
    public static CaptureMetadata Scan(int excludePid)
    {
        var md = new CaptureMetadata { Machine = ReadMachine() };
        md.Interfaces.AddRange(ReadInterfaces());
        md.Users.AddRange(ReadUsers());
        md.Groups.AddRange(ReadGroups());
        var sockets = new Dictionary<string, Dictionary<ulong, FdEntry>>();
        foreach (var pidDir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(pidDir), out int pid) || pid == excludePid) continue;
            try { ScanProcess(md, pid, sockets); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // it exited meanwhile
        }
        return md;
    }

    private static void ScanProcess(CaptureMetadata md, int pid, Dictionary<string, Dictionary<ulong, FdEntry>> socketsByNs)
    {
        string dir = $"/proc/{pid}";
        var cmdline = ReadBytes($"{dir}/cmdline");
        int nul = Array.IndexOf(cmdline, (byte)0);
        string exe = Encoding.UTF8.GetString(nul < 0 ? cmdline : cmdline.AsSpan(0, nul));
        byte[] args = nul < 0 ? [] : cmdline[(nul + 1)..];
        var env = ReadBytes($"{dir}/environ");
        string exePath = ReadLink($"{dir}/exe");
        string cwd = ReadLink($"{dir}/cwd");
        string root = ReadLink($"{dir}/root");
        ulong fdLimit = ReadFdLimit(dir);
        uint loginUid = uint.TryParse(ReadText($"{dir}/loginuid").Trim(), out var lu) ? lu : uint.MaxValue;
        byte[] cgroups = FormatCgroups(ReadText($"{dir}/cgroup"));
        var tids = Directory.Exists($"{dir}/task")
            ? Directory.EnumerateDirectories($"{dir}/task").Select(d => int.TryParse(Path.GetFileName(d), out int t) ? t : 0).Where(t => t > 0).Order().ToList()
            : [pid];
        if (!tids.Contains(pid)) tids.Insert(0, pid);
        foreach (int tid in tids)
        {
            string tdir = tid == pid ? dir : $"{dir}/task/{tid}";
            var stat = ParseStat(ReadText($"{tdir}/stat"));
            if (stat is null) continue;
            var status = ReadStatus($"{tdir}/status");
            md.Processes.Add(new ProcessEntry
            {
                Tid = tid, Pid = pid, Ptid = stat.Value.Ppid, Sid = stat.Value.Session, Vpgid = stat.Value.Pgrp,
                Comm = ReadText($"{tdir}/comm").TrimEnd('\n'),
                Exe = exe, ExePath = exePath, Args = args, Cwd = cwd, FdLimit = fdLimit,
                Flags = tid == pid ? 0u : 0x2001u,
                Uid = status.Euid, Gid = status.Egid,
                VmSizeKb = status.VmSize, VmRssKb = status.VmRss, VmSwapKb = status.VmSwap,
                PageFaultsMajor = stat.Value.MajFlt, PageFaultsMinor = stat.Value.MinFlt,
                Env = env, Vtid = status.NsTid ?? tid, Vpid = status.NsPid ?? pid,
                Cgroups = cgroups, Root = root, LoginUid = loginUid,
            });
            md.FdLists.Add(new FdListEntry(tid, tid == pid ? ScanFds(pid, socketsByNs) : []));
        }
    }

    private readonly record struct StatFields(long Ppid, long Pgrp, long Session, ulong MinFlt, ulong MajFlt);

    private static StatFields? ParseStat(string stat)
    {
        int close = stat.LastIndexOf(')');
        if (close < 0) return null;
        var f = stat[(close + 2)..].Split(' ');
        if (f.Length < 12) return null;
        // fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt
        return new StatFields(long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture),
            long.Parse(f[3], CultureInfo.InvariantCulture), ulong.Parse(f[7], CultureInfo.InvariantCulture),
            ulong.Parse(f[9], CultureInfo.InvariantCulture));
    }

    private sealed class StatusFields
    {
        public uint Euid, Egid, VmSize, VmRss, VmSwap;
        public long? NsTid, NsPid;
    }

    private static StatusFields ReadStatus(string path)
    {
        var s = new StatusFields();
        foreach (var line in ReadText(path).Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon];
            var vals = line[(colon + 1)..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (vals.Length == 0) continue;
            switch (key)
            {
                case "Uid" when vals.Length > 1: s.Euid = uint.Parse(vals[1], CultureInfo.InvariantCulture); break;
                case "Gid" when vals.Length > 1: s.Egid = uint.Parse(vals[1], CultureInfo.InvariantCulture); break;
                case "VmSize": s.VmSize = uint.Parse(vals[0], CultureInfo.InvariantCulture); break;
                case "VmRSS": s.VmRss = uint.Parse(vals[0], CultureInfo.InvariantCulture); break;
                case "VmSwap": s.VmSwap = uint.Parse(vals[0], CultureInfo.InvariantCulture); break;
                case "NSpid": s.NsTid = long.Parse(vals[^1], CultureInfo.InvariantCulture); break;
                case "NStgid": s.NsPid = long.Parse(vals[^1], CultureInfo.InvariantCulture); break;
            }
        }
        return s;
    }

    private static ulong ReadFdLimit(string dir)
    {
        foreach (var line in ReadText($"{dir}/limits").Split('\n'))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
            var parts = line[14..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && ulong.TryParse(parts[0], out var v)) return v;
        }
        return 0;
    }

    // ---- fds -----------------------------------------------------------------------------------

    private static List<FdEntry> ScanFds(int pid, Dictionary<string, Dictionary<ulong, FdEntry>> socketsByNs)
    {
        var result = new List<FdEntry>();
        string fdDir = $"/proc/{pid}/fd";
        if (!Directory.Exists(fdDir)) return result;
        Dictionary<ulong, FdEntry>? sockets = null;
        foreach (var path in Directory.EnumerateFileSystemEntries(fdDir))
        {
            if (!long.TryParse(Path.GetFileName(path), out long fd)) continue;
            string target = ReadLink(path);
            if (target.Length == 0) continue;
            FdEntry? e;
            if (target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                ulong ino = ulong.Parse(target.AsSpan(8, target.Length - 9), CultureInfo.InvariantCulture);
                if (sockets is null)
                {
                    string ns = ReadLink($"/proc/{pid}/ns/net");
                    if (!socketsByNs.TryGetValue(ns, out sockets))
                        socketsByNs[ns] = sockets = ReadSockets(pid);
                }
                if (!sockets.TryGetValue(ino, out var s)) continue;
                e = Clone(s);
            }
            else e = ClassifyNamed(pid, fd, target);
            if (e is null) continue;
            e.Fd = fd;
            result.Add(e);
        }
        result.Sort((a, b) => a.Fd.CompareTo(b.Fd));
        return result;
    }

    private static FdEntry Clone(FdEntry s) => new()
    {
        Ino = s.Ino, Type = s.Type, Name = s.Name, SourceIp = s.SourceIp, DestIp = s.DestIp,
        SourcePort = s.SourcePort, DestPort = s.DestPort, L4Proto = s.L4Proto, UnixSource = s.UnixSource, UnixDest = s.UnixDest,
    };

    private static FdEntry? ClassifyNamed(int pid, long fd, string target)
    {
        if (target.StartsWith("pipe:[", StringComparison.Ordinal))
            return new FdEntry { Type = ScapFdType.Fifo, Name = target, Ino = InodeOf(target) };
        if (target.StartsWith("anon_inode:", StringComparison.Ordinal))
        {
            var kind = target[11..].Trim('[', ']');
            var type = kind switch
            {
                "eventfd" => ScapFdType.Event, "eventpoll" => ScapFdType.EventPoll, "signalfd" => ScapFdType.SignalFd,
                "inotify" => ScapFdType.Inotify, "timerfd" => ScapFdType.TimerFd, _ => ScapFdType.Unsupported,
            };
            return new FdEntry { Type = type, Name = target };
        }
        if (!target.StartsWith('/'))
            return new FdEntry { Type = ScapFdType.Unsupported, Name = target };
        uint flags = 0;
        foreach (var line in ReadText($"/proc/{pid}/fdinfo/{fd}").Split('\n'))
            if (line.StartsWith("flags:", StringComparison.Ordinal))
                flags = LinuxToScap.OpenFlags(Convert.ToUInt64(line[6..].Trim(), 8));
        if (Directory.Exists(target))
            return new FdEntry { Type = ScapFdType.Directory, Name = target };
        return new FdEntry { Type = ScapFdType.FileV2, Name = target, OpenFlags = flags };
    }

    private static ulong InodeOf(string link)
    {
        int a = link.IndexOf('['), b = link.IndexOf(']');
        return a >= 0 && b > a && ulong.TryParse(link.AsSpan(a + 1, b - a - 1), out var v) ? v : 0;
    }

    /// <summary>All sockets of the network namespace <paramref name="pid"/> lives in, by inode.</summary>
    private static Dictionary<ulong, FdEntry> ReadSockets(int pid)
    {
        var map = new Dictionary<ulong, FdEntry>();
        string net = $"/proc/{pid}/net";
        ReadInet(map, $"{net}/tcp", L4Proto.Tcp, false);
        ReadInet(map, $"{net}/udp", L4Proto.Udp, false);
        ReadInet(map, $"{net}/raw", L4Proto.Raw, false);
        ReadInet(map, $"{net}/tcp6", L4Proto.Tcp, true);
        ReadInet(map, $"{net}/udp6", L4Proto.Udp, true);
        ReadInet(map, $"{net}/raw6", L4Proto.Raw, true);
        foreach (var line in ReadText($"{net}/unix").Split('\n').Skip(1))
        {
            // Num RefCount Protocol Flags Type St Inode [Path]
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 7 || !ulong.TryParse(f[6], out var ino)) continue;
            ulong addr = ulong.TryParse(f[0].TrimEnd(':'), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var a) ? a : 0;
            map[ino] = new FdEntry { Type = ScapFdType.UnixSocket, Ino = ino, UnixSource = addr, Name = f.Length > 7 ? f[7].TrimStart('@') : "" };
        }
        foreach (var line in ReadText($"{net}/netlink").Split('\n').Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 10 && ulong.TryParse(f[^1], out var ino))
                map.TryAdd(ino, new FdEntry { Type = ScapFdType.Netlink, Ino = ino });
        }
        return map;
    }

    private static void ReadInet(Dictionary<ulong, FdEntry> map, string file, L4Proto proto, bool v6)
    {
        foreach (var line in ReadText(file).Split('\n').Skip(1))
        {
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 10 || !ulong.TryParse(f[9], out var ino) || ino == 0) continue;
            var (lip, lport) = ParseHexEndpoint(f[1]);
            var (rip, rport) = ParseHexEndpoint(f[2]);
            bool listening = proto == L4Proto.Tcp ? f[3] == "0A" : rport == 0;
            bool mappedV4 = v6 && IsV4Mapped(lip) && IsV4Mapped(rip);
            if (mappedV4) { lip = lip[12..]; rip = rip[12..]; }
            bool asV6 = v6 && !mappedV4;
            var e = new FdEntry { Ino = ino, L4Proto = proto };
            if (listening)
            {
                e.Type = asV6 ? ScapFdType.IPv6ServerSocket : ScapFdType.IPv4ServerSocket;
                e.SourceIp = lip; e.SourcePort = lport;
            }
            else
            {
                e.Type = asV6 ? ScapFdType.IPv6Socket : ScapFdType.IPv4Socket;
                e.SourceIp = lip; e.SourcePort = lport; e.DestIp = rip; e.DestPort = rport;
            }
            map[ino] = e;
        }
    }

    private static bool IsV4Mapped(byte[] ip) =>
        ip.Length == 16 && ip.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0
        && ((ip[10] == 0xFF && ip[11] == 0xFF) || ip.AsSpan(10).IndexOfAnyExcept((byte)0) < 0);

    /// <summary>"0100007F:1F90" (address as host-order 32-bit words in hex) to network-order bytes and port.</summary>
    private static (byte[] Ip, ushort Port) ParseHexEndpoint(string s)
    {
        int colon = s.IndexOf(':');
        var hex = s.AsSpan(0, colon);
        var ip = new byte[hex.Length / 2];
        for (int w = 0; w < ip.Length / 4; w++)
        {
            uint word = uint.Parse(hex.Slice(w * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ip[w * 4] = (byte)word; ip[w * 4 + 1] = (byte)(word >> 8); ip[w * 4 + 2] = (byte)(word >> 16); ip[w * 4 + 3] = (byte)(word >> 24);
        }
        return (ip, ushort.Parse(s.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    // ---- cgroups -------------------------------------------------------------------------------

    /// <summary>The controllers named in cgroups strings (cgroup v2: those the root offers).</summary>
    public static string[] CgroupControllers()
    {
        var text = ReadText("/sys/fs/cgroup/cgroup.controllers").Trim();
        return text.Length > 0 ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : ["cpuset", "cpu", "io", "memory", "pids"];
    }

    private static string[]? s_controllers;

    /// <summary>/proc/PID/cgroup as the NUL-separated "controller=path" list scap stores.</summary>
    internal static byte[] FormatCgroups(string procCgroup)
    {
        var sb = new StringBuilder();
        foreach (var line in procCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length < 3) continue;
            if (parts[1].Length == 0)
            {
                s_controllers ??= CgroupControllers();
                foreach (var c in s_controllers) sb.Append(c).Append('=').Append(parts[2]).Append('\0');
            }
            else
                foreach (var c in parts[1].Split(','))
                    sb.Append(c).Append('=').Append(parts[2]).Append('\0');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    // ---- machine, interfaces, users, groups -----------------------------------------------------

    private static MachineInfo ReadMachine()
    {
        ulong mem = 0;
        foreach (var line in ReadText("/proc/meminfo").Split('\n'))
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                mem = ulong.Parse(line[9..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        ulong maxPid = ulong.TryParse(ReadText("/proc/sys/kernel/pid_max").Trim(), out var mp) ? mp : 32768;
        return new MachineInfo((uint)Environment.ProcessorCount, mem, maxPid, Environment.MachineName);
    }

    private static IEnumerable<InterfaceEntry> ReadInterfaces()
    {
        var list = new List<InterfaceEntry>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            foreach (var ua in nic.GetIPProperties().UnicastAddresses)
            {
                var addr = ua.Address.GetAddressBytes();
                if (ua.Address.AddressFamily == AddressFamily.InterNetwork)
                {
                    var mask = ua.IPv4Mask?.GetAddressBytes() ?? new byte[4];
                    var bcast = new byte[4];
                    for (int i = 0; i < 4; i++) bcast[i] = (byte)(addr[i] | ~mask[i]);
                    list.Add(new InterfaceEntry(InterfaceKind.IPv4, nic.Name, addr, mask, bcast, 0));
                }
                else if (ua.Address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    list.Add(new InterfaceEntry(InterfaceKind.IPv6, nic.Name, addr, new byte[16], new byte[16], 0));
                }
            }
        }
        catch (NetworkInformationException) { }
        return list;
    }

    private static IEnumerable<UserEntry> ReadUsers()
    {
        foreach (var line in ReadText("/etc/passwd").Split('\n'))
        {
            var f = line.Split(':');
            if (f.Length < 7 || !uint.TryParse(f[2], out var uid) || !uint.TryParse(f[3], out var gid)) continue;
            yield return new UserEntry(uid, gid, f[0], f[5], f[6]);
        }
    }

    private static IEnumerable<GroupEntry> ReadGroups()
    {
        foreach (var line in ReadText("/etc/group").Split('\n'))
        {
            var f = line.Split(':');
            if (f.Length < 3 || !uint.TryParse(f[2], out var gid)) continue;
            yield return new GroupEntry(gid, f[0]);
        }
    }

    // ---- small file helpers --------------------------------------------------------------------

    private static string ReadText(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    private static byte[] ReadBytes(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static string ReadLink(string path)
    {
        try { return new FileInfo(path).LinkTarget ?? ""; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}
