using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using static Sharpdig.Tests.Support.EventBuilder;

namespace Sharpdig.Tests.Support;

/// <summary>
/// Synthetic captures that exercise the state engine: threads sharing fds, relative paths, cwd
/// changes, sockets named by connect/accept/sendto/recvfrom, pipes, dup, clone/execve/exit,
/// placeholder threads, syslog writes. Written with our writer so the real sysdig can read them.
/// </summary>
public static class SyntheticCaptures
{
    public static CaptureMetadata Metadata()
    {
        var md = new CaptureMetadata { Machine = new MachineInfo(2, 1 << 30, 32768, "testhost") };
        md.Users.Add(new UserEntry(0, 0, "root", "/root", "/bin/bash"));
        md.Users.Add(new UserEntry(1000, 1000, "alice", "/home/alice", "/bin/bash"));
        md.Groups.Add(new GroupEntry(0, "root"));
        md.Groups.Add(new GroupEntry(1000, "alice"));
        md.Interfaces.Add(new InterfaceEntry(InterfaceKind.IPv4, "lo", [127, 0, 0, 1], [255, 0, 0, 0], [127, 255, 255, 255], 0));
        md.Processes.Add(new ProcessEntry { Tid = 1, Pid = 1, Ptid = 0, Comm = "systemd", Exe = "/sbin/init", ExePath = "/sbin/init", Cwd = "/", FdLimit = 1024 });
        md.Processes.Add(new ProcessEntry { Tid = 100, Pid = 100, Ptid = 1, Comm = "bash", Exe = "bash", ExePath = "/bin/bash", Cwd = "/home/alice", Args = Str("-l"), FdLimit = 1024, Uid = 1000, Gid = 1000 });
        md.Processes.Add(new ProcessEntry { Tid = 200, Pid = 200, Ptid = 1, Comm = "server", Exe = "server", ExePath = "/usr/bin/server", Cwd = "/srv/", FdLimit = 4096 });
        md.Processes.Add(new ProcessEntry { Tid = 201, Pid = 200, Ptid = 1, Comm = "server", Exe = "server", ExePath = "/usr/bin/server", Cwd = "/srv/", Flags = 0x2001, FdLimit = 4096 });
        md.FdLists.Add(new FdListEntry(100, [
            new FdEntry { Fd = 0, Type = ScapFdType.File, Name = "/dev/pts/0" },
            new FdEntry { Fd = 7, Type = ScapFdType.UnixSocket, Name = "/dev/log", UnixSource = 0xffff1, UnixDest = 0xffff2 },
            new FdEntry { Fd = 20, Type = ScapFdType.Directory, Name = "/tmp" },
        ]));
        md.FdLists.Add(new FdListEntry(200, [
            new FdEntry { Fd = 3, Type = ScapFdType.IPv4Socket, SourceIp = [10, 0, 0, 1], SourcePort = 80, DestIp = [10, 0, 0, 2], DestPort = 5555, L4Proto = L4Proto.Tcp },
            new FdEntry { Fd = 4, Type = ScapFdType.IPv4ServerSocket, SourceIp = [0, 0, 0, 0], SourcePort = 80, L4Proto = L4Proto.Tcp },
            new FdEntry { Fd = 5, Type = ScapFdType.IPv4Socket, SourceIp = [10, 0, 0, 1], SourcePort = 40000, DestIp = [93, 184, 216, 34], DestPort = 443, L4Proto = L4Proto.Tcp },
            new FdEntry { Fd = 6, Type = ScapFdType.IPv6Socket, SourceIp = new byte[16], SourcePort = 1, DestIp = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], DestPort = 8080, L4Proto = L4Proto.Tcp },
            new FdEntry { Fd = 8, Type = ScapFdType.Fifo, Name = "pipe:[1234]" },
            new FdEntry { Fd = 9, Type = ScapFdType.FileV2, Name = "/var/log/server.log", OpenFlags = 0x209 },
        ]));
        return md;
    }

    /// <summary>The event stream (records in file order).</summary>
    public static List<byte[]> Events()
    {
        ulong ts = 1_700_000_000_000_000_000;
        var e = new List<byte[]>();
        void Add(ushort type, long tid, params byte[][] ps) { ts += 1_000_123; e.Add(Record(type, tid, ts, ps)); }

        // Relative open, then chdir and another relative open.
        Add(2, 100, Str("rel/./dir/../file.txt"), U32(1), U32(0));
        Add(3, 100, I64(10), Str("rel/./dir/../file.txt"), U32(1), U32(0), U32(0x803));
        Add(94, 100);
        Add(95, 100, I64(0), Str("sub"));
        Add(2, 100, Str("../x.txt"), U32(4097), U32(0));
        Add(3, 100, I64(11), Str("../x.txt"), U32(4097), U32(0), U32(0));
        Add(2, 100, Str("/etc/passwd"), U32(1), U32(0));
        Add(3, 100, I64(-2), Str("/etc/passwd"), U32(1), U32(0), U32(0));
        // openat relative to a directory fd and to AT_FDCWD.
        Add(306, 100, I64(20), Str("a/b/../c"), U32(3), U32(420));
        Add(307, 100, I64(12), I64(20), Str("a/b/../c"), U32(3), U32(420), U32(0));
        Add(306, 100, I64(-100), Str("."), U32(1025), U32(0));
        Add(307, 100, I64(13), I64(-100), Str("."), U32(1025), U32(0), U32(0));
        // Reads through the shared fd table of a thread.
        Add(6, 201, I64(3), U32(100));
        Add(7, 201, I64(5), Bytes("hello\0world\n\t\x7f\x80\xff!"));
        Add(6, 201, I64(6), U32(10));
        Add(7, 201, I64(-11), []);
        Add(6, 201, I64(8), U32(10));
        Add(7, 201, I64(100), Bytes(new string('x', 100)));
        // Close, then use the closed fd.
        Add(4, 100, I64(10));
        Add(5, 100, I64(0));
        Add(6, 100, I64(10), U32(1));
        Add(7, 100, I64(-9), []);
        // TCP client socket.
        Add(18, 100, U32(2), U32(1), U32(0));
        Add(19, 100, I64(14));
        Add(22, 100, I64(14), SockAddr4("93.184.216.34", 80));
        Add(23, 100, I64(0), Tuple4("192.168.1.5", 51000, "93.184.216.34", 80));
        Add(8, 100, I64(14), U32(5));
        Add(9, 100, I64(5), Bytes("GET /"));
        // UDP socket named by sendto and one by recvfrom.
        Add(18, 100, U32(2), U32(2), U32(0));
        Add(19, 100, I64(15));
        Add(30, 100, I64(15), U32(3), Tuple4("0.0.0.0", 0, "8.8.8.8", 53));
        Add(31, 100, I64(3), Bytes("abc"));
        Add(18, 100, U32(10), U32(2), U32(17));
        Add(19, 100, I64(16));
        Add(34, 100, I64(16), U32(100));
        Add(35, 100, I64(4), Bytes("resp"), Tuple6("2001:4860::8888", 53, "2600::1", 40251));
        // Server: bind + listen + accept.
        Add(18, 200, U32(2), U32(1), U32(6));
        Add(19, 200, I64(21));
        Add(20, 200, I64(21));
        Add(21, 200, I64(0), SockAddr4("0.0.0.0", 8080));
        Add(246, 200);
        Add(247, 200, I64(22), Tuple4("10.0.0.9", 33333, "10.0.0.1", 8080), U8(0), U32(0), U32(128));
        Add(6, 200, I64(22), U32(10));
        Add(6, 200, I64(21), U32(10));
        // Unix socket connect.
        Add(18, 100, U32(1), U32(1), U32(0));
        Add(19, 100, I64(23));
        Add(22, 100, I64(23), [1, .. Str("/run/test.sock")]);
        Add(23, 100, I64(0), UnixTuple(0xffff9a0002, 0xffff9a0003, "/run/test.sock"));
        // Pipe, dup, eventfd, fcntl dup.
        Add(60, 100);
        Add(61, 100, I64(0), I64(24), I64(25), U64(777));
        Add(124, 100, I64(24));
        Add(125, 100, I64(26));
        Add(62, 100, U64(0), U32(0));
        Add(63, 100, I64(27));
        Add(150, 100, I64(11), U8(1));
        Add(151, 100, I64(28));
        Add(6, 100, I64(28), U32(1));
        // Syslog write.
        Add(8, 100, I64(7), U32(20));
        Add(9, 100, I64(20), Bytes("<14>Nov 1 hello world"));
        Add(8, 100, I64(7), U32(20));
        Add(9, 100, I64(20), Bytes("no priority here"));
        // Signals, pids, uids, sleeps, generic.
        Add(128, 100, I64(200), U8(9));
        Add(129, 100, I64(0));
        Add(128, 100, I64(4242), U8(64));
        Add(129, 100, I64(-3));
        Add(198, 100, U32(0));
        Add(199, 100, I64(0));
        Add(134, 100, U64(1_500_000_000));
        Add(135, 100, I64(0));
        Add(0, 100, U16(5), U16(2));
        Add(1, 100, U16(5));
        // Clone a child, exec in it, exit.
        Add(222, 100);
        var cloneArgs = Str("-l");
        Add(223, 100, I64(300), Str("bash"), cloneArgs, I64(100), I64(100), I64(1), Str("/home/alice/sub"), I64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("bash"), [], U32(0), U32(1000), U32(1000), I64(300), I64(300));
        Add(223, 300, I64(0), Str("bash"), cloneArgs, I64(300), I64(300), I64(100), Str("/home/alice/sub"), I64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("bash"), [], U32(0), U32(1000), U32(1000), I64(300), I64(300));
        Add(6, 300, I64(11), U32(1));
        Add(292, 300, Str("./tool"));
        Add(293, 300, I64(0), Str("./tool"), [.. Str("--flag"), .. Str("x")], I64(300), I64(300), I64(100), Str("/home/alice/sub"), U64(1024), U64(1), U64(2), U32(3), U32(4), U32(5), Str("tool"), [], Str("PATH=/bin"), I32(0), I64(300), I32(1000), U32(0));
        Add(6, 300, I64(11), U32(1));
        Add(186, 300, I64(0), I64(0), U8(0), U8(0));
        Add(6, 300, I64(11), U32(1));
        // An unknown thread gets a placeholder.
        Add(6, 999, I64(3), U32(1));
        Add(128, 100, I64(999), U8(15));
        return e;
    }

    public static void Write(string path)
    {
        using var w = new ScapFileWriter(path, Metadata(), compress: false);
        var rec = new Sharpdig.Events.EventRecord();
        foreach (var raw in Events())
        {
            rec.Load(raw, 0, raw.Length, 1, 0);
            w.WriteEvent(rec);
        }
    }
}
