using System.Buffers.Binary;
using System.Text;
using Sharpdig.Capture;
using Sharpdig.Events;
using Xunit;
using static Sharpdig.Tests.Capture.ScapTestSupport;

namespace Sharpdig.Tests.Capture;

/// <summary>
/// Process-list, fd-list, interface and user blocks in every version (scap-format.md §8-§11),
/// built by hand here (independently of the library's encoder) and decoded by the reader; with the
/// real sysdig installed, it must see the same thread in each file.
/// </summary>
public class OldBlockVersionTests
{
    private const ulong T0 = 1_700_000_000_000_000_000;
    private static readonly uint[] ProcessListTypes = [0x202, 0x207, 0x209, 0x210, 0x211, 0x212, 0x213, 0x214, 0x215];

    /// <summary>A little-endian body writer for hand-made blocks.</summary>
    private sealed class Body
    {
        private readonly MemoryStream _s = new();
        public Body U8(byte v) { _s.WriteByte(v); return this; }
        public Body U16(ushort v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); _s.Write(b); return this; }
        public Body U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); _s.Write(b); return this; }
        public Body U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); _s.Write(b); return this; }
        public Body I64(long v) => U64((ulong)v);
        public Body S16(string v) { var b = Encoding.UTF8.GetBytes(v); U16((ushort)b.Length); _s.Write(b); return this; }
        public Body Raw(byte[] v) { _s.Write(v); return this; }
        public byte[] ToArray() => _s.ToArray();
    }

    private static byte[] ProcessEntry(int v)
    {
        var e = new Body().I64(42).I64(42).I64(1);
        if (v >= 6) e.I64(40);                       // sid
        if (v >= 8) e.I64(41);                       // vpgid
        e.S16("oldproc").S16("/bin/oldproc");
        if (v >= 7) e.S16("/usr/bin/oldproc");       // exepath
        e.S16("arg1\0").S16("/work").U64(4096).U32(0).U32(1000).U32(1001);
        if (v >= 2) e.U32(10).U32(20).U32(30).U64(5).U64(6);
        if (v >= 3) e.S16("A=1\0");
        if (v >= 4) e.I64(7).I64(8).S16("cpu:/x\0");
        if (v >= 5) e.S16("/");
        if (v >= 9) e.U32(1234).U8(1);
        byte[] bytes = e.ToArray();
        return v >= 9 ? new Body().U32((uint)bytes.Length + 4).Raw(bytes).ToArray() : bytes;
    }

    private static SyntheticCapture CaptureWithProcessList(int version)
    {
        var cap = new SyntheticCapture();
        cap.RawBlock(ProcessListTypes[version - 1], ProcessEntry(version));
        // FDL v1 with a FILE_V2 entry (no dev) and a v4 socket.
        cap.RawBlock(0x203, new Body().I64(42)
            .I64(3).U64(99).U8((byte)ScapFdType.FileV2).U32(1).S16("/etc/hosts")
            .I64(4).U64(0).U8((byte)ScapFdType.IPv4ServerSocket).Raw([0, 0, 0, 0]).U16(8080).U8(2).ToArray());
        // IL v1 with a type-3 (no link speed) entry, UL v1 with a user and a group.
        cap.RawBlock(0x205, new Body().U16(3).U16(2).Raw([10, 0, 0, 1, 255, 0, 0, 0, 10, 255, 255, 255]).Raw("e0"u8.ToArray()).ToArray());
        cap.RawBlock(0x206, new Body().U8(0).U32(1000).U32(1001).S16("olduser").S16("/home/o").S16("/bin/sh")
            .U8(1).U32(1001).S16("oldgroup").ToArray());
        return cap.Event(EventTable.Codes.CloseE, 42, T0).Fd(3).Add()
            .Event(EventTable.Codes.CloseX, 42, T0 + 1).Errno(0).Add();
    }

    public static TheoryData<int> Versions() => [1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Theory]
    [MemberData(nameof(Versions))]
    public void Every_process_list_version_is_decoded(int version)
    {
        var result = ReadAll(CaptureWithProcessList(version).ToBytes());
        Assert.Null(result.Error);
        Assert.Equal(2, result.Events.Count);
        var meta = result.Metadata!;
        var p = Assert.Single(meta.Processes);
        Assert.Equal((42L, 42L, 1L, "oldproc", "/bin/oldproc", "/work", 4096UL, 1000u, 1001u), (p.Tid, p.Pid, p.Ptid, p.Comm, p.Exe, p.Cwd, p.FdLimit, p.Uid, p.Gid));
        Assert.Equal("arg1\0"u8.ToArray(), p.Args);
        Assert.Equal(version >= 6 ? 40 : -1, p.Sid);
        Assert.Equal(version >= 8 ? 41 : -1, p.Vpgid);
        Assert.Equal(version >= 7 ? "/usr/bin/oldproc" : "", p.ExePath);
        Assert.Equal(version >= 2 ? (10u, 20u, 30u, 5UL, 6UL) : (0u, 0u, 0u, 0UL, 0UL), (p.VmSizeKb, p.VmRssKb, p.VmSwapKb, p.PageFaultsMajor, p.PageFaultsMinor));
        Assert.Equal(version >= 3 ? "A=1\0"u8.ToArray() : [], p.Env);
        Assert.Equal(version >= 4 ? (7L, 8L) : (-1L, -1L), (p.Vtid, p.Vpid));
        Assert.Equal(version >= 5 ? "/" : "", p.Root);
        Assert.Equal(version >= 9 ? (1234u, true) : (uint.MaxValue, false), (p.LoginUid, p.ExeWritable));

        var fds = Assert.Single(meta.FdLists).Fds;
        Assert.Equal(("/etc/hosts", 1u, 0u), (fds[0].Name, fds[0].OpenFlags, fds[0].Dev));
        Assert.Equal((ScapFdType.IPv4ServerSocket, (ushort)8080, L4Proto.Tcp), (fds[1].Type, fds[1].SourcePort, fds[1].L4Proto));
        var nic = Assert.Single(meta.Interfaces);
        Assert.Equal((InterfaceKind.IPv4NoLinkSpeed, "e0", 0UL), (nic.Kind, nic.Name, nic.LinkSpeed));
        Assert.Equal("olduser", Assert.Single(meta.Users).Name);
        Assert.Equal("oldgroup", Assert.Single(meta.Groups).Name);
    }

    [SkippableTheory]
    [MemberData(nameof(Versions))]
    public void Sysdig_sees_the_same_thread_in_every_version_and_in_our_rewrite(int version)
    {
        SysdigOracle.Require();
        string dir = TempDir();
        try
        {
            var cap = CaptureWithProcessList(version);
            string old = Path.Combine(dir, "old.scap");
            File.WriteAllBytes(old, cap.ToBytes());
            const string format = "*%evt.num %proc.name %proc.exe %proc.cwd %user.name %group.name %fd.name %proc.vmsize %thread.vtid";
            var expected = SysdigOracle.Run("-r", old, "-p", format);
            Assert.Equal(0, expected.ExitCode);
            Assert.StartsWith("1 oldproc /bin/oldproc /work/ olduser oldgroup /etc/hosts", expected.Stdout);
            Assert.Contains(version >= 4 ? " 7\n" : " <NA>\n", expected.Stdout);   // vtid: absent before v4

            // Our reader -> writer copy prints the same.
            string copy = Path.Combine(dir, "copy.scap");
            using (var reader = new Sharpdig.Capture.Scap.ScapFileReader(old))
            using (var writer = new Sharpdig.Capture.Scap.ScapFileWriter(copy, reader.Metadata, compress: false))
            {
                var record = new EventRecord();
                while (reader.TryReadNext(record)) writer.WriteEvent(record);
            }
            Assert.Equal(expected.Stdout, SysdigOracle.Run("-r", copy, "-p", format).Stdout);
        }
        finally { Directory.Delete(dir, true); }
    }
}
