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
        // An environment area ending in zeros (cleared by the process), and one with an empty entry inside.
        md.Processes.Add(new ProcessEntry { Tid = 200, Pid = 200, Ptid = 1, Comm = "server", Exe = "server", ExePath = "/usr/bin/server", Cwd = "/srv/", FdLimit = 4096,
            Env = [.. Str("A=1"), 0, 0, 0, 0, 0] });
        md.Processes.Add(new ProcessEntry { Tid = 300, Pid = 300, Ptid = 1, Comm = "odd", Exe = "odd", ExePath = "/usr/bin/odd", Cwd = "/", FdLimit = 4096,
            Env = [0, 0, .. Str("B=2"), 0, 0] });
        md.Processes.Add(new ProcessEntry { Tid = 201, Pid = 200, Ptid = 1, Comm = "server", Exe = "server", ExePath = "/usr/bin/server", Cwd = "/srv/", Flags = 0x2001, FdLimit = 4096 });
        md.FdLists.Add(new FdListEntry(100, [
            new FdEntry { Fd = 0, Type = ScapFdType.File, Name = "/dev/pts/0" },
            new FdEntry { Fd = 7, Type = ScapFdType.UnixSocket, Name = "/dev/log\n", UnixSource = 0xffff1, UnixDest = 0xffff2 },   // a '\n' as scap's /proc scan leaves it
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
        // fcntl: an F_DUPFD pair, then an F_GETFD pair whose exit (res 0) finds the saved F_DUPFD
        // enter when a filter left out the first exit (sinsp then "duplicates" pipe fd 24 onto fd 0).
        Add(150, 100, I64(24), U8(1));
        Add(151, 100, I64(29));
        Add(150, 100, I64(24), U8(2));
        Add(151, 100, I64(0));
        // poll over a file, a connected and a listening socket, a unix socket and an fd that is not open.
        Add(80, 100, FdList(0, 3, 4, 7, 99), I64(1000));
        Add(81, 100, I64(1), FdList(0, 3, 4, 7, 99));
        // geteuid's exit carries euid, not a result; newfstatat (generic) is an I/O syscall.
        Add(204, 100);
        Add(205, 100, U32(0));
        Add(0, 100, U16(300), U16(262));
        Add(1, 100, U16(300));
        // Generic events with names longer than the 16 columns -S gives them.
        Add(0, 100, U16(195), U16(195));
        Add(1, 100, U16(195));
        Add(0, 100, U16(100), U16(100));
        Add(1, 100, U16(100));
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

    /// <summary>
    /// A second stream: container events first, datagram servers and role guessing, non-blocking
    /// connects, IPv6, fchdir/getcwd, more fd kinds, threads that share fds, fork, switch and
    /// procinfo events, a state-only record and generic events with odd ids.
    /// Items are (record, dump flags).
    /// </summary>
    public static List<(byte[] Raw, uint Flags)> Events2()
    {
        ulong ts = 1_700_000_100_000_000_000;
        var e = new List<(byte[], uint)>();
        void AddF(uint flags, ushort type, long tid, params byte[][] ps) { ts += 777_777; e.Add((Record(type, tid, ts, ps), flags)); }
        void Add(ushort type, long tid, params byte[][] ps) => AddF(0, type, tid, ps);

        Add(324, -1, Str("{\"container\":{\"id\":\"abc\"}}"));
        Add(234, 100, U64(1), U64(2));
        // UDP server: bind, then a datagram arrives and one goes back.
        Add(18, 200, U32(2), U32(2), U32(0));
        Add(19, 200, I64(30));
        Add(20, 200, I64(30));
        Add(21, 200, I64(0), SockAddr4("0.0.0.0", 53));
        Add(34, 200, I64(30), U32(512));
        Add(35, 200, I64(40), Bytes("query"), Tuple4("1.2.3.4", 5000, "0.0.0.0", 53));
        Add(30, 200, I64(30), U32(40), Tuple4("0.0.0.0", 53, "1.2.3.4", 5000));
        Add(31, 200, I64(40), Bytes("answer"));
        // Non-blocking connect over IPv6, then getsockopt.
        Add(18, 100, U32(10), U32(1), U32(6));
        Add(19, 100, I64(31));
        Add(22, 100, I64(31), SockAddr6("2001:db8::2", 443));
        Add(23, 100, I64(-115), Tuple6("2001:db8::1", 40000, "2001:db8::2", 443));
        Add(46, 100);
        Add(47, 100, I64(0), I64(31), U8(1), U8(4), [1, .. I64(0)], U32(4));
        Add(8, 100, I64(31), U32(3));
        Add(9, 100, I64(3), Bytes("hey"));
        // recvmsg / sendmsg on an unnamed datagram socket.
        Add(18, 100, U32(2), U32(2), U32(17));
        Add(19, 100, I64(32));
        Add(52, 100, I64(32));
        Add(53, 100, I64(5), U32(5), Bytes("hello"), Tuple4("9.9.9.9", 123, "10.0.0.1", 4444));
        Add(48, 100, I64(32), U32(2), Tuple4("10.0.0.1", 4444, "9.9.9.9", 123));
        Add(49, 100, I64(2), Bytes("ok"));
        // fchdir into a directory fd, relative open, getcwd.
        Add(2, 100, Str("/var/lib"), U32(1025), U32(0));
        Add(3, 100, I64(33), Str("/var/lib"), U32(1025), U32(0), U32(0));
        Add(96, 100, I64(33));
        Add(97, 100, I64(0));
        Add(2, 100, Str("dpkg/status"), U32(1), U32(0));
        Add(3, 100, I64(34), Str("dpkg/status"), U32(1), U32(0), U32(0));
        Add(92, 100);
        Add(93, 100, I64(0), Str("/opt"));
        Add(2, 100, Str("app.conf"), U32(1), U32(0));
        Add(3, 100, I64(35), Str("app.conf"), U32(1), U32(0), U32(0));
        // More fd kinds.
        Add(42, 100, U32(1), U32(1), U32(0));
        Add(43, 100, I64(0), I64(36), I64(37), U64(0xffff8800aa), U64(0xffff8800bb));
        Add(126, 100, I64(-1), U32(0), U8(0));
        Add(127, 100, I64(38));
        Add(138, 100, U8(0));
        Add(139, 100, I64(39));
        Add(136, 100, U8(1), U8(0));
        Add(137, 100, I64(40));
        Add(6, 100, I64(36), U32(1)); Add(6, 100, I64(38), U32(1)); Add(6, 100, I64(39), U32(1)); Add(6, 100, I64(40), U32(1));
        Add(160, 100, U64(0), U64(4096), U32(3), U32(34), I64(34), U64(0));
        Add(161, 100, U64(0x7f0000001000), U32(1000), U32(200), U32(0));
        Add(158, 100, U64(0));
        Add(159, 100, U64(0x55DB0DE73000), U32(1004), U32(204), U32(0));
        Add(192, 100, U32(uint.MaxValue), U32(0), U32(uint.MaxValue));
        Add(193, 100, I64(0));
        // A thread of 200 opens a file; the main thread reads it; then the thread closes it.
        Add(222, 200);
        Add(223, 200, I64(202), Str("server"), [], I64(200), I64(200), I64(1), Str("/srv"), I64(4096), U64(0), U64(0), U32(0), U32(0), U32(0), Str("server"), [], U32(0x2001 | 0x800 | 0x8000), U32(0), U32(0), I64(202), I64(200));
        Add(2, 202, Str("data.db"), U32(3), U32(0));
        Add(3, 202, I64(41), Str("data.db"), U32(3), U32(0), U32(0));
        Add(6, 200, I64(41), U32(10));
        Add(4, 202, I64(41));
        Add(5, 202, I64(0));
        Add(6, 200, I64(41), U32(10));
        // fork keeps a copy of the fds.
        Add(224, 100);
        Add(225, 100, I64(400), Str("bash"), [], I64(100), I64(100), I64(1), Str("/opt"), I64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("bash"), [], U32(0), U32(1000), U32(1000), I64(400), I64(400));
        Add(6, 400, I64(35), U32(1));
        Add(4, 400, I64(35));
        Add(5, 400, I64(0));
        Add(6, 100, I64(35), U32(1));
        // Scheduler and internal events; a state-only open.
        Add(152, 100, I64(200), U64(1), U64(2), U32(3), U32(4), U32(5));
        Add(152, 555, I64(0), U64(0), U64(0), U32(0), U32(0), U32(0));
        AddF(1, 2, 100, Str("/hidden"), U32(1), U32(0));
        AddF(1, 3, 100, I64(42), Str("/hidden"), U32(1), U32(0), U32(0));
        Add(6, 100, I64(42), U32(1));
        Add(0, 100, U16(400), U16(1));
        Add(1, 100, U16(0));
        Add(234, 200, U64(1), U64(2));
        Add(324, -1, Str("{}"));
        // Exit pairing: an exit whose enter was another type keeps the old latency state.
        Add(6, 100, I64(34), U32(1));
        Add(9, 100, I64(1), Bytes("x"));
        Add(7, 100, I64(1), Bytes("x"));
        return e;
    }

    /// <summary>
    /// A third stream about process lifecycles: older clone/execve layouts, vfork, a thread whose
    /// main thread exits first, inverted clones (child seen before parent), tid reuse, failed
    /// execve, exits with unrelated enters (latency), and events of threads never seen before.
    /// </summary>
    public static List<(byte[] Raw, uint Flags)> Events3()
    {
        ulong ts = 1_700_000_200_000_000_000;
        var e = new List<(byte[], uint)>();
        void Add(ushort type, long tid, params byte[][] ps) { ts += 333_333; e.Add((Record(type, tid, ts, ps), 0)); }
        byte[][] Clone16(long res, long tid, long pid, long ptid, string comm, uint flags) =>
            [I64(res), Str(comm), [], I64(tid), I64(pid), I64(ptid), Str("/srv"), I64(64), U64(1), U64(2), U32(10), U32(11), U32(12), U32(flags), U32(0), U32(0)];

        // Old-layout clone of a thread (CLONE_THREAD|CLONE_FILES) in the server process.
        Add(156, 200);
        Add(157, 200, Clone16(203, 200, 200, 1, "server", 0x2001 | 0x8000 | 0x800));
        Add(157, 203, Clone16(0, 203, 200, 200, "server", 0x2001 | 0x8000 | 0x800));
        Add(6, 203, I64(9), U32(1));
        Add(2, 203, Str("shared.txt"), U32(1), U32(0));
        Add(3, 203, I64(50), Str("shared.txt"), U32(1), U32(0), U32(0));
        Add(6, 200, I64(50), U32(1));
        // The main thread exits; the other thread goes on.
        Add(186, 200, I64(0), I64(0), U8(0), U8(0));
        Add(6, 203, I64(50), U32(1));
        Add(6, 201, I64(50), U32(1));
        Add(6, 203, I64(3), U32(1));
        // Inverted clone: the child's exit comes first.
        Add(216, 100);
        Add(217, 600, [.. I64(0), ], Str("bash"), [], I64(600), I64(600), I64(100), Str("/tmp"), I64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("bash"), U32(0), U32(1000), U32(1000));
        Add(217, 100, I64(600), Str("bash"), [], I64(100), I64(100), I64(1), Str("/tmp"), I64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("bash"), U32(0), U32(1000), U32(1000));
        Add(6, 600, I64(0), U32(1));
        // vfork, failed execve, then an older execve layout.
        Add(226, 100);
        Add(227, 100, I64(700), Str("bash"), [], I64(100), I64(100), I64(1), Str("/tmp"), I64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("bash"), [], U32(0x8000 | 0x4000), U32(1000), U32(1000), I64(700), I64(700));
        Add(288, 700, Str("/bin/nothere"));
        Add(289, 700, I64(-2), Str("bash"), [], I64(700), I64(700), I64(100), Str("/tmp"), U64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("bash"), [], [], I32(0));
        Add(6, 700, I64(0), U32(1));
        Add(230, 700);
        Add(231, 700, I64(0), Str("/usr/bin/env"), [.. Str("A=1"), .. Str("ls")], I64(700), I64(700), I64(100), Str("/tmp"), U64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("env"), Str("cpu=/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"), Str("X=1"));
        Add(6, 700, I64(0), U32(1));
        // tid reuse: a new clone for a tid that still exists.
        Add(222, 100);
        Add(223, 100, I64(700), Str("bash"), [], I64(100), I64(100), I64(1), Str("/tmp"), I64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("bash"), [], U32(0), U32(1000), U32(1000), I64(700), I64(700));
        Add(6, 700, I64(0), U32(1));
        // Unknown threads: a clone exit of an unknown parent, a switch of an unknown thread.
        Add(223, 800, I64(801), Str("mystery"), [], I64(800), I64(800), I64(1), Str("/"), I64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("mystery"), [], U32(0), U32(0), U32(0), I64(801), I64(801));
        Add(6, 801, I64(0), U32(1));
        Add(6, 800, I64(0), U32(1));
        Add(152, 900, I64(100), U64(0), U64(0), U32(0), U32(0), U32(0));
        Add(6, 900, I64(0), U32(1));
        // Exit events without their enter; nested enter types.
        Add(7, 100, I64(1), Bytes("a"));
        Add(6, 100, I64(0), U32(1));
        Add(8, 100, I64(1), U32(1));
        Add(7, 100, I64(1), Bytes("b"));
        Add(9, 100, I64(1), Bytes("c"));
        return e;
    }

    /// <summary>The scenario number of <see cref="GenericStorm"/>.</summary>
    public const int GenericStormScenario = 100;

    /// <summary>
    /// Generic events of 160 different syscalls with few distinct counts: more rows than -S
    /// prints, and many equal counts.
    /// </summary>
    public static List<(byte[] Raw, uint Flags)> GenericStorm()
    {
        ulong ts = 1_700_000_400_000_000_000;
        var e = new List<(byte[], uint)>();
        for (int round = 0; round < 7; round++)
            for (ushort id = 1; id <= 160; id++)
            {
                if (id % 7 < round) continue;
                ts += 1000;
                e.Add((Record(0, 100, ts, U16(id), U16(id)), 0));
                ts += 1000;
                if (id % 3 != 0) e.Add((Record(1, 100, ts, U16(id)), 0));
            }
        return e;
    }

    public static void Write(string path, int scenario = 1)
    {
        using var w = new ScapFileWriter(path, Metadata(), compress: false);
        var rec = new Sharpdig.Events.EventRecord();
        var items = scenario switch
        {
            1 => Events().Select(r => (r, 0u)).ToList(), 2 => Events2(), 3 => Events3(),
            GenericStormScenario => GenericStorm(),
            _ => RandomScenario.Events(scenario, 3000),   // 4 and up: random streams seeded by the number
        };
        foreach (var (raw, flags) in items)
        {
            rec.Load(raw, 0, raw.Length, 1, flags);
            w.WriteEvent(rec, flags);
        }
    }
}
