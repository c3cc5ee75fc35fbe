using static Sharpdig.Tests.Support.EventBuilder;

namespace Sharpdig.Tests.Support;

/// <summary>
/// Seeded random streams of fd, socket and process events over a few threads, for comparing the
/// engine with the real sysdig on combinations nobody thought to write by hand.
/// </summary>
public static class RandomScenario
{
    public static List<(byte[] Raw, uint Flags)> Events(int seed, int count)
    {
        var rng = new Random(seed);
        ulong ts = 1_700_000_300_000_000_000;
        var e = new List<(byte[], uint)>();
        long[] tids = [100, 200, 201, 300, 301, 999];
        string[] ips4 = ["10.0.0.1", "10.0.0.2", "0.0.0.0", "127.0.0.1", "93.184.216.34"];
        string[] ips6 = ["::ffff:10.0.0.1", "2001:db8::1", "::", "::1", "fe80::2"];
        ushort[] ports = [0, 53, 80, 443, 5555, 40000];
        string[] paths = ["/etc/passwd", "rel/x", "../up", ".", "a//b/./c/..", "/var/log/syslog", "dir/"];
        void Add(ushort type, long tid, params byte[][] ps) { ts += (ulong)rng.Next(1000, 2_000_000); e.Add((Record(type, tid, ts, ps), 0)); }
        long Fd() => rng.Next(-3, 12);
        long Tid() => tids[rng.Next(tids.Length)];
        byte[] Addr() => rng.Next(3) switch
        {
            0 => SockAddr4(ips4[rng.Next(ips4.Length)], ports[rng.Next(ports.Length)]),
            1 => SockAddr6(ips6[rng.Next(ips6.Length)], ports[rng.Next(ports.Length)]),
            _ => [1, .. Str("/run/s" + rng.Next(3))],
        };
        byte[] Tup() => rng.Next(4) switch
        {
            0 => Tuple4(ips4[rng.Next(ips4.Length)], ports[rng.Next(ports.Length)], ips4[rng.Next(ips4.Length)], ports[rng.Next(ports.Length)]),
            1 => Tuple6(ips6[rng.Next(ips6.Length)], ports[rng.Next(ports.Length)], ips6[rng.Next(ips6.Length)], ports[rng.Next(ports.Length)]),
            2 => UnixTuple((ulong)rng.Next(0, 3), 0xffff0000 + (ulong)rng.Next(3), "/run/s" + rng.Next(3)),
            _ => [],
        };
        long Res() => rng.Next(5) == 0 ? -rng.Next(1, 120) : rng.Next(0, 12);

        for (int i = 0; i < count; i++)
        {
            long tid = Tid();
            bool pairEnter = rng.Next(8) != 0;   // sometimes the exit comes alone
            switch (rng.Next(17))
            {
                case 0:
                    if (pairEnter) Add(18, tid, U32((uint)new[] { 1, 2, 10, 16, 17 }[rng.Next(5)]), U32((uint)rng.Next(1, 4)), U32((uint)new[] { 0, 6, 17, 1, 255 }[rng.Next(5)]));
                    Add(19, tid, I64(Res()));
                    break;
                case 1: { long fd = Fd(); if (pairEnter) Add(20, tid, I64(fd)); Add(21, tid, I64(Res()), Addr()); break; }
                case 2: { long fd = Fd(); if (pairEnter) Add(22, tid, I64(fd), Addr()); Add(23, tid, I64(rng.Next(3) == 0 ? -115 : Res()), Tup()); break; }
                case 3: if (pairEnter) Add(246, tid); Add(247, tid, I64(Res()), Tup(), U8(0), U32(0), U32(0)); break;
                case 4: { long fd = Fd(); if (pairEnter) Add(30, tid, I64(fd), U32(4), Tup()); Add(31, tid, I64(Res()), Bytes("data")); break; }
                case 5: { long fd = Fd(); if (pairEnter) Add(34, tid, I64(fd), U32(4)); Add(35, tid, I64(Res()), Bytes("resp"), Tup()); break; }
                case 6: { long fd = Fd(); if (pairEnter) Add(4, tid, I64(fd)); Add(5, tid, I64(Res())); break; }
                case 7: { long fd = Fd(); if (pairEnter) Add(124, tid, I64(fd)); Add(125, tid, I64(Res())); break; }
                case 8:
                    {
                        string p = paths[rng.Next(paths.Length)];
                        uint flags = (uint)new[] { 1, 2, 3, 1025, 4161, 262 }[rng.Next(6)];
                        if (pairEnter) Add(2, tid, Str(p), U32(flags), U32(0));
                        Add(3, tid, I64(Res()), Str(paths[rng.Next(paths.Length)]), U32(flags), U32(0), U32(0));
                        break;
                    }
                case 9:
                    {
                        string p = paths[rng.Next(paths.Length)];
                        long dirfd = rng.Next(3) == 0 ? -100 : Fd();
                        if (pairEnter) Add(306, tid, I64(dirfd), Str(p), U32(1), U32(0));
                        Add(307, tid, I64(Res()), I64(dirfd), Str(p), U32(1), U32(0), U32(0));
                        break;
                    }
                case 10: if (pairEnter) Add(94, tid); Add(95, tid, I64(Res()), Str(paths[rng.Next(paths.Length)])); break;
                case 11: { long fd = Fd(); if (pairEnter) Add(96, tid, I64(fd)); Add(97, tid, I64(Res())); break; }
                case 12: if (pairEnter) Add(60, tid); Add(61, tid, I64(Res()), I64(Fd()), I64(Fd()), U64(42)); break;
                case 13: { long fd = Fd(); Add(6, tid, I64(fd), U32(1)); Add(7, tid, I64(Res()), Bytes("x")); break; }
                case 14:
                    {
                        long child = tids[rng.Next(tids.Length)];
                        if (child == tid) child = 400 + rng.Next(3);   // a thread cannot be its own child (sinsp reads freed memory then)
                        uint flags = rng.Next(2) == 0 ? 0u : 0x2001u | 0x8000u;
                        long pid = flags != 0 ? tid : child;
                        if (pairEnter) Add(222, tid);
                        Add(223, tid, I64(rng.Next(6) == 0 ? -11 : child), Str("p" + tid), [], I64(tid), I64(tid), I64(1), Str("/"), I64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("p" + tid), [], U32(flags), U32(0), U32(0), I64(child), I64(pid));
                        break;
                    }
                case 15: Add(186, tid, I64(0), I64(0), U8(0), U8(0)); break;
                case 16:
                    if (pairEnter) Add(292, tid, Str(paths[rng.Next(paths.Length)]));
                    Add(293, tid, I64(rng.Next(4) == 0 ? -2 : 0), Str("prog"), Str("a"), I64(tid), I64(tid), I64(1), Str("/"), U64(1024), U64(0), U64(0), U32(0), U32(0), U32(0), Str("prog"), [], [], I32(0), I64(tid), I32(0), U32(0));
                    break;
            }
        }
        return e;
    }
}
