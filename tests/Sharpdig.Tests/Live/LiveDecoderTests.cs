using System.Buffers.Binary;
using System.Text;
using Sharpdig.Capture.Live;
using Sharpdig.Events;
using Xunit;

namespace Sharpdig.Tests.Live;

/// <summary>The kernel-record decoder and the Linux-to-scap conversions, on synthetic records (no root needed).</summary>
public sealed class LiveDecoderTests
{
    /// <summary>Builds a kernel record as the BPF program lays it out (struct record_header + blobs).</summary>
    private static byte[] Record(int kind, int nr, long ret, ulong[] args, params (int Item, byte[] Data)[] blobs)
    {
        var ms = new MemoryStream();
        var h = new byte[KernelRecord.HeaderSize];
        BinaryPrimitives.WriteUInt64LittleEndian(h, 1_000_000_000);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(8), 4242);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(12), 4242);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(20), (ushort)kind);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(22), (ushort)nr);
        for (int i = 0; i < args.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(24 + 8 * i), args[i]);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(72), ret);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(82), (ushort)blobs.Length);
        ms.Write(h);
        foreach (var (item, data) in blobs)
        {
            var bh = new byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(bh, (ushort)data.Length);
            bh[2] = (byte)item;
            ms.Write(bh); ms.Write(data);
        }
        var raw = ms.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(16), (uint)raw.Length);
        return raw;
    }

    private static EventRecord Decode(byte[] raw)
    {
        var d = new LiveEventDecoder();
        int len = d.Decode(raw, out ushort cpu);
        Assert.True(len > 0);
        var rec = new EventRecord();
        rec.Load(d.Buffer.AsSpan(0, len).ToArray(), 0, len, cpu, 0);
        return rec;
    }

    private static byte[] Z(string s) => Encoding.UTF8.GetBytes(s + "\0");

    [Fact]
    public void EveryRecipeWritesExactlyTheTableParameters()
    {
        var args = new ulong[] { 3, 0x7fff0000, 16, 0, 0, 0 };
        foreach (var recipe in SyscallRecipes.All)
        foreach (long ret in new long[] { 0, 5, -2 })
        foreach (int kind in new[] { 1, 2 })
        {
            // With no blobs at all (every user read failed) and with blobs of plausible sizes.
            foreach (bool withBlobs in new[] { false, true })
            {
                var items = kind == 1 ? recipe.Enter : recipe.Exit;
                var blobs = withBlobs ? items.Select((_, i) => (i, new byte[128])).ToArray() : [];
                var rec = Decode(Record(kind, recipe.Nr, ret, args, blobs));
                int code = kind == 1 ? recipe.EnterEvent : recipe.ExitEvent;
                Assert.Equal(code, rec.Type);
                Assert.Equal(EventTable.Get(code).Parameters.Length, rec.DeclaredParamCount);
                for (int i = 0; i < rec.DeclaredParamCount; i++) Assert.True(rec.GetParamLength(i) >= 0, $"{recipe.Name} param {i}");
            }
        }
    }

    [Fact]
    public void EventCodesAreOnesSysdig0293Knows()
    {
        foreach (var recipe in SyscallRecipes.All)
        {
            Assert.True(EventTable.IsKnownToLegacyReaders(recipe.EnterEvent), recipe.Name);
            Assert.True(EventTable.IsKnownToLegacyReaders(recipe.ExitEvent), recipe.Name);
            Assert.True(EventTable.Get(recipe.EnterEvent).IsEnter && !EventTable.Get(recipe.ExitEvent).IsEnter, recipe.Name);
            Assert.False((EventTable.Get(recipe.EnterEvent).Flags & EventFlags.OldVersion) != 0, recipe.Name);
        }
    }

    [Fact]
    public void OpenatExitCarriesFdPathFlagsModeAndDev()
    {
        int nr = SyscallRecipes.NrOf("openat");
        var fileInfo = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(fileInfo, (8u << 20) | 3);   // kernel dev 8:3
        var rec = Decode(Record(2, nr, 3, [unchecked((ulong)-100), 0, 0x80241, 0x1A4, 0, 0], (0, Z("/tmp/x")), (1, fileInfo)));
        Assert.Equal(307, rec.Type);
        Assert.Equal(3, BinaryPrimitives.ReadInt64LittleEndian(rec.GetParam(0)));
        Assert.Equal(-100, BinaryPrimitives.ReadInt64LittleEndian(rec.GetParam(1)));
        Assert.Equal("/tmp/x\0", Encoding.UTF8.GetString(rec.GetParam(2)));
        // O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC -> PPM 2|4|256|4096
        Assert.Equal(2u | 4 | 256 | 4096, BinaryPrimitives.ReadUInt32LittleEndian(rec.GetParam(3)));
        Assert.Equal(0x1A4u, BinaryPrimitives.ReadUInt32LittleEndian(rec.GetParam(4)));
        Assert.Equal(0x803u, BinaryPrimitives.ReadUInt32LittleEndian(rec.GetParam(5)));
    }

    [Fact]
    public void ConnectExitTupleIsLocalToRemote()
    {
        int nr = SyscallRecipes.NrOf("connect");
        var si = new byte[72 + 110];
        BinaryPrimitives.WriteUInt16LittleEndian(si, 2);
        si[16] = 127; si[19] = 1;                       // local 127.0.0.1
        si[32] = 10; si[35] = 2;                        // remote 10.0.0.2
        BinaryPrimitives.WriteUInt16LittleEndian(si.AsSpan(48), 40000);
        BinaryPrimitives.WriteUInt16LittleEndian(si.AsSpan(50), 443);
        var rec = Decode(Record(2, nr, 0, [4, 0, 16, 0, 0, 0], (0, si)));
        var t = rec.GetParam(1).ToArray();
        Assert.Equal(new byte[] { 2, 127, 0, 0, 1, 0x40, 0x9C, 10, 0, 0, 2, 0xBB, 0x01 }, t);
    }

    [Fact]
    public void SockaddrIsConvertedToScapLayout()
    {
        int nr = SyscallRecipes.NrOf("connect");
        var sa = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(sa, 2);
        BinaryPrimitives.WriteUInt16BigEndian(sa.AsSpan(2), 8080);
        sa[4] = 192; sa[5] = 168; sa[6] = 0; sa[7] = 1;
        var rec = Decode(Record(1, nr, 0, [4, 0, 16, 0, 0, 0], (0, sa)));
        Assert.Equal(22, rec.Type);
        Assert.Equal(new byte[] { 2, 192, 168, 0, 1, 0x90, 0x1F }, rec.GetParam(1).ToArray());
        var un = Encoding.ASCII.GetBytes("\u0001\0/run/sock\0");
        rec = Decode(Record(1, nr, 0, [4, 0, 16, 0, 0, 0], (0, un)));
        Assert.Equal("\u0001/run/sock\0", Encoding.ASCII.GetString(rec.GetParam(1)));
    }

    [Fact]
    public void ExecveExitSplitsExeAndArgs()
    {
        int nr = SyscallRecipes.NrOf("execve");
        var task = new byte[104];
        Encoding.ASCII.GetBytes("cat").CopyTo(task, 88);
        var rec = Decode(Record(2, nr, 0, [0, 0, 0, 0, 0, 0], (0, task), (1, Z("/bin/cat\0/etc/hosts")), (2, Z("A=1"))));
        Assert.Equal(293, rec.Type);
        Assert.Equal("/bin/cat\0", Encoding.ASCII.GetString(rec.GetParam(1)));
        Assert.Equal("/etc/hosts\0", Encoding.ASCII.GetString(rec.GetParam(2)));
        Assert.Equal("cat\0", Encoding.ASCII.GetString(rec.GetParam(13)));
        Assert.Equal("A=1\0", Encoding.ASCII.GetString(rec.GetParam(15)));
    }

    [Fact]
    public void GenericEventsCarryThePpmScIdAndTheNativeNumber()
    {
        int nr = SyscallRecipes.NrOf("getppid");
        var rec = Decode(Record(1, nr, 0, new ulong[6]));
        Assert.Equal(0, rec.Type);
        ushort id = BinaryPrimitives.ReadUInt16LittleEndian(rec.GetParam(0));
        Assert.Equal("getppid", SymbolTables.SyscallNames[id]);
        Assert.Equal((ushort)nr, BinaryPrimitives.ReadUInt16LittleEndian(rec.GetParam(1)));
    }

    [Fact]
    public void ProcessExitSplitsTheWaitStatus()
    {
        var rec = Decode(Record(3, 0, 0, [(3u << 8), 0, 0, 0, 0, 0]));
        Assert.Equal(186, rec.Type);
        Assert.Equal(3, BinaryPrimitives.ReadInt64LittleEndian(rec.GetParam(1)));
        rec = Decode(Record(3, 0, 0, [9 | 0x80, 0, 0, 0, 0, 0]));
        Assert.Equal(9, rec.GetParam(2)[0]);
        Assert.Equal(1, rec.GetParam(3)[0]);
    }

    [Fact]
    public void ContextSwitchCarriesNextTidFaultsAndSizesInKb()
    {
        // next tid 77, 3 major / 1234 minor faults, 20000 pages total, 900 resident, 5 swapped
        var rec = Decode(Record(4, 0, 0, [77, 3, 1234, 20000, 900, 5]));
        Assert.Equal(152, rec.Type);
        Assert.Equal(4242, rec.ThreadId);
        Assert.Equal(6, rec.DeclaredParamCount);
        Assert.Equal(77, BinaryPrimitives.ReadInt64LittleEndian(rec.GetParam(0)));
        Assert.Equal(3UL, BinaryPrimitives.ReadUInt64LittleEndian(rec.GetParam(1)));
        Assert.Equal(1234UL, BinaryPrimitives.ReadUInt64LittleEndian(rec.GetParam(2)));
        Assert.Equal(80000u, BinaryPrimitives.ReadUInt32LittleEndian(rec.GetParam(3)));
        Assert.Equal(3600u, BinaryPrimitives.ReadUInt32LittleEndian(rec.GetParam(4)));
        Assert.Equal(20u, BinaryPrimitives.ReadUInt32LittleEndian(rec.GetParam(5)));
        // a kernel thread (no mm) switching to the idle task
        rec = Decode(Record(4, 0, 0, [0, 0, 0, 0, 0, 0]));
        Assert.Equal(0, BinaryPrimitives.ReadInt64LittleEndian(rec.GetParam(0)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(rec.GetParam(3)));
    }

    [Theory]
    // sig, has siginfo, si_code, siginfo pid -> spid
    [InlineData(10, 1, 0, 999, 0)]      // SIGUSR1 from kill(): the driver reports no sender
    [InlineData(9, 1, 0, 999, 999)]     // SIGKILL
    [InlineData(15, 1, 0, 999, 999)]    // SIGTERM sent by a process (SI_USER)
    [InlineData(15, 1, -1, 999, 999)]   // SIGTERM queued (SI_QUEUE)
    [InlineData(15, 1, 0x80, 999, 0)]   // SIGTERM sent by the kernel (SI_KERNEL)
    [InlineData(2, 1, -6, 999, 999)]    // SIGINT from tkill (SI_TKILL)
    [InlineData(17, 1, 1, 999, 999)]    // SIGCHLD (CLD_EXITED)
    [InlineData(34, 1, -1, 999, 999)]   // a real-time signal
    [InlineData(9, 0, 0, 0, 0)]         // no siginfo at all
    public void SignalDeliverySenderFollowsTheDriverRule(int sig, int hasInfo, int siCode, int infoPid, long spid)
    {
        var rec = Decode(Record(5, 0, 0, [(ulong)sig, (ulong)hasInfo, (ulong)(long)siCode, (ulong)(long)infoPid, 0, 0]));
        Assert.Equal(232, rec.Type);
        Assert.Equal(3, rec.DeclaredParamCount);
        Assert.Equal(spid, BinaryPrimitives.ReadInt64LittleEndian(rec.GetParam(0)));
        Assert.Equal(4242, BinaryPrimitives.ReadInt64LittleEndian(rec.GetParam(1)));   // dpid: the receiving thread
        Assert.Equal([(byte)sig], rec.GetParam(2).ToArray());
    }

    [Fact]
    public void QuotactlTakesTheFieldsItsCommandUses()
    {
        int nr = SyscallRecipes.NrOf("quotactl");
        // quotactl(QCMD(Q_GETQUOTA, GRPQUOTA), "/dev/sda1", 1000, &dqblk): id is kept, no format
        var rec = Decode(Record(1, nr, 0, [0x80000701, 0, 1000, 0, 0, 0]));
        Assert.Equal(190, rec.Type);
        Assert.Equal(1 << 5, BinaryPrimitives.ReadUInt16LittleEndian(rec.GetParam(0)));
        Assert.Equal(2, rec.GetParam(1)[0]);
        Assert.Equal(1000u, BinaryPrimitives.ReadUInt32LittleEndian(rec.GetParam(2)));
        Assert.Equal(1, rec.GetParam(3)[0]);   // QFMT_NOT_USED
        // the upper half of the register is not part of the int command
        rec = Decode(Record(1, nr, 0, [0xFFFFFFFF_80000201, 0, 2, 0, 0, 0]));   // Q_QUOTAON, QFMT_VFS_V0
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(rec.GetParam(0)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(rec.GetParam(2)));
        Assert.Equal(1 << 2, rec.GetParam(3)[0]);

        // exit: dqblk with block limits, space and btime valid (QIF_BLIMITS|QIF_SPACE|QIF_BTIME) but not inode limits
        var blk = new byte[72];
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(blk.AsSpan(i * 8), (ulong)(i + 1) * 100);
        BinaryPrimitives.WriteUInt32LittleEndian(blk.AsSpan(64), 1 | 2 | 16);
        rec = Decode(Record(2, nr, 0, [0x80000701, 0, 1000, 0, 0, 0], (0, Z("/dev/sda1")), (1, Z("garbage")), (2, blk)));
        Assert.Equal(191, rec.Type);
        Assert.Equal(14, rec.DeclaredParamCount);
        Assert.Equal("/dev/sda1\0", Encoding.ASCII.GetString(rec.GetParam(1)));
        Assert.Equal("\0", Encoding.ASCII.GetString(rec.GetParam(2)));   // quotafilepath: Q_QUOTAON only
        ulong U64(int i) => BinaryPrimitives.ReadUInt64LittleEndian(rec.GetParam(i));
        Assert.Equal(new ulong[] { 100, 200, 300, 0, 0, 700, 0, 0, 0 }, Enumerable.Range(3, 9).Select(U64).ToArray());
        Assert.Equal(1, rec.GetParam(13)[0]);

        // exit of Q_GETINFO (if_dqinfo: grace times and flags, all valid) and of Q_GETFMT (QFMT_VFS_V1)
        var info = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(info, 604800);
        BinaryPrimitives.WriteUInt64LittleEndian(info.AsSpan(8), 86400);
        BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(20), 7);
        rec = Decode(Record(2, nr, 0, [0x80000500, 0, 0, 0, 0, 0], (0, Z("/dev/sda1")), (3, info)));
        Assert.Equal(new ulong[] { 604800, 86400 }, new[] { U64(10), U64(11) });
        Assert.Equal(1, rec.GetParam(12)[0]);
        var fmt = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(fmt, 4);
        rec = Decode(Record(2, nr, 0, [0x80000400, 0, 0, 0, 0, 0], (0, Z("/dev/sda1")), (4, fmt)));
        Assert.Equal(1 << 3, rec.GetParam(13)[0]);
    }

    [Fact]
    public void FilterSelectionAsksForTracepointEventsByName()
    {
        var open = KernelSyscallSelection.FromFilter("evt.type=open")!;
        Assert.False(open(TracepointEvents.ContextSwitch.Name));
        Assert.False(open(TracepointEvents.SignalDelivery.Name));
        var sw = KernelSyscallSelection.FromFilter("evt.type in (switch, signaldeliver) and proc.name=x")!;
        Assert.True(sw("switch") && sw("signaldeliver"));
        Assert.False(sw("read"));
        Assert.Null(KernelSyscallSelection.FromFilter("proc.name=x"));   // no type restriction: everything
    }

    [Theory]
    [InlineData(0x80000ul, 4097u)]                   // O_RDONLY|O_CLOEXEC
    [InlineData(0xC2ul, 39u)]                        // O_RDWR|O_CREAT|O_EXCL
    [InlineData(0x241ul, 262u)]                      // O_WRONLY|O_CREAT|O_TRUNC
    [InlineData(0x10000ul | 0x800, 1024u | 64 | 1)]  // O_DIRECTORY|O_NONBLOCK
    [InlineData(0x410000ul | 2, 8192u | 3)]          // O_TMPFILE|O_RDWR
    public void OpenFlags(ulong linux, uint scap) => Assert.Equal(scap, LinuxToScap.OpenFlags(linux));

    [Fact]
    public void CloneFlagsAndOthers()
    {
        // CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID
        Assert.Equal(32768u | 2 | 1 | 2048 | 8192 | 4096 | 33554432 | 512 | 8388608, LinuxToScap.CloneFlags(0x3D0F00));
        Assert.Equal(0x803u, LinuxToScap.EncodeDev((8u << 20) | 3));
        Assert.Equal(26u, LinuxToScap.FcntlCommand(1030));   // F_DUPFD_CLOEXEC
        Assert.Equal(8u | 2, LinuxToScap.MmapFlags(0x22));   // MAP_PRIVATE|MAP_ANONYMOUS
        Assert.Equal(0u, LinuxToScap.OpenMode(0x80000, 0644));
        Assert.Equal(0x1A4u, LinuxToScap.OpenMode(0x40, 0x1A4));
    }

    [Fact]
    public void FilterSelectionKeepsStateSyscalls()
    {
        var select = KernelSyscallSelection.FromFilter("evt.type=connect and proc.name=curl")!;
        Assert.NotNull(select);
        Assert.True(select("connect"));
        Assert.True(select("execve"));     // state
        Assert.True(select("close"));      // state
        Assert.False(select("getppid"));
        Assert.False(select("read"));
        Assert.Null(KernelSyscallSelection.FromFilter("proc.name=curl"));
        Assert.Null(KernelSyscallSelection.FromFilter("evt.type=open or proc.name=x"));
        var union = KernelSyscallSelection.FromFilter("(evt.type=read or evt.type=getppid) and fd.num=3")!;
        Assert.True(union("read") && union("getppid"));
        Assert.False(union("write"));
    }

    [Fact]
    public void FilterSelectionUsesTypeOnlyChecksToo()
    {
        var select = KernelSyscallSelection.FromFilter("evt.is_io=true and proc.name=cat")!;
        Assert.NotNull(select);
        Assert.True(select("read") && select("write") && select("pread64"));
        Assert.True(select("openat") && select("close") && select("execve"));   // state
        Assert.True(select("getppid"));    // generic syscalls are never ruled out by type
        Assert.False(select("switch"));
        Assert.False(select("nanosleep"));
        var reads = KernelSyscallSelection.FromFilter("evt.is_io_read=true and not evt.type=readv")!;
        Assert.True(reads("read") && reads("pread64"));
        Assert.False(reads("write") || reads("switch") || reads("nanosleep"));
    }

    [Fact]
    public void CpuTimesComeFromStatFields14And15EvenWithSpacesInTheName()
    {
        const string line = "4242 (my (odd) name) R 1 4242 4242 0 -1 4194304 100 0 0 0 123 45 0 0 20 0 1 0 999 1000 10 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
        Assert.True(CpuTimeSampler.TryParseStat(line, out ulong user, out ulong system, out ushort cpu));
        Assert.Equal((123UL, 45UL, (ushort)1), (user, system, cpu));
        Assert.False(CpuTimeSampler.TryParseStat("garbage", out _, out _, out _));
    }
}
