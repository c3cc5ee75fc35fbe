using System.Buffers.Binary;
using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Xunit;
using static Sharpdig.Tests.Capture.ScapTestSupport;

namespace Sharpdig.Tests.Capture;

public class ScapFileWriterTests
{
    private const ulong T0 = 1_700_000_000_000_000_000;

    [Fact]
    public void Header_section_has_the_blocks_and_versions_sysdig_0_29_3_reads()
    {
        byte[] file = new SyntheticCapture().Machine().IPv4Interface("eth0", "10.0.0.1").User(0, 0, "root")
            .Process(5, 5, "sh").Process(6, 5, "sh").FileFd(5, 3, "/x").OpenPair(5, T0, 4, "/y").ToBytes();
        var types = new List<uint>();
        int pos = 0;
        while (pos < file.Length)
        {
            types.Add(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos)));
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 4));
            Assert.Equal(0, length % 4);
            Assert.Equal((uint)length, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + length - 4)));
            pos += length;
        }
        Assert.Equal([0x0A0D0D0Au, 0x201, 0x219, 0x220, 0x215, 0x218, 0x218, 0x216, 0x216], types);
        Assert.Equal(28u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4)));          // SHB, no options
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(12)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(14)));
        Assert.Equal(192u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(28 + 4)));   // MI: 180-byte body
    }

    [Fact]
    public void Fd_lists_are_written_only_for_listed_threads_and_known_fd_types()
    {
        var meta = new CaptureMetadata();
        meta.Processes.Add(new ProcessEntry { Tid = 1, Pid = 1, Comm = "init" });
        meta.FdLists.Add(new FdListEntry(1, [
            new FdEntry { Fd = 0, Type = ScapFdType.File, Name = "/dev/null" },
            new FdEntry { Fd = 1, Type = ScapFdType.MemFd, Name = "memfd:x" },   // 0.29.3 rejects type 20
        ]));
        meta.FdLists.Add(new FdListEntry(99, [new FdEntry { Fd = 0, Type = ScapFdType.File, Name = "/a" }]));
        var stream = new MemoryStream();
        using (var writer = new ScapFileWriter(stream, meta, compress: false, leaveOpen: true))
        {
            var cap = new SyntheticCapture();
            var rec = cap.Event(EventTable.Codes.CloseX, 1, T0).Errno(0).BuildRecord();
            var record = new EventRecord();
            record.Load(rec, 0, rec.Length, 0, 0);
            writer.WriteEvent(record);
        }
        var result = ReadAll(stream.ToArray());
        Assert.Null(result.Error);
        var list = Assert.Single(result.Metadata!.FdLists);
        Assert.Equal(1, list.Tid);
        Assert.Equal("/dev/null", Assert.Single(list.Fds).Name);
    }

    [Fact]
    public void Events_keep_their_bytes_cpu_and_flags_and_pick_the_block_type()
    {
        var cap = new SyntheticCapture().Process(5, 5, "sh")
            .Event(EventTable.Codes.CloseE, 5, T0, cpu: 3).Fd(3).Add()
            .Event(EventTable.Codes.CloseX, 5, T0 + 1, dumpFlags: 1).Errno(0).Add()
            .Event(EventTable.Codes.CloseX, 5, T0 + 2, dumpFlags: 4).Errno(0).Add()            // LARGE hint only: not stored
            .Event(EventTable.Codes.ContainerJson2E, -1, T0 + 3).String("{}").Add()
            .Event(EventTable.Codes.ContainerJson2E, -1, T0 + 4, dumpFlags: 1).String("{}").Add()
            .Event(EventTable.Codes.WriteX, 5, T0 + 5).Errno(70_000).Bytes(new byte[65_500]).Add();   // too big for a normal block
        byte[] file = cap.ToBytes();
        Assert.Equal([0x216u, 0x217, 0x216, 0x221, 0x222, 0x221], EventBlocks(file).Select(b => b.Type));
        var result = ReadAll(file);
        Assert.Null(result.Error);
        Assert.Equal([0u, 1, 0, 0, 1, 0], result.Events.Select(e => e.DumpFlags));
        Assert.Equal(3, result.Events[0].Cpu);
        var record = new EventRecord();
        var big = result.Events[5];
        record.Load(big.Record, 0, big.Record.Length, 0, 0);
        Assert.Equal(65_500, record.GetParam(1).Length);
    }

    [Fact]
    public void Reader_to_writer_to_reader_keeps_events_and_metadata()
    {
        var cap = new SyntheticCapture().Machine("m", 8).IPv4Interface("lo", "127.0.0.1", "255.0.0.0").User(0, 0, "root")
            .Group(0, "root").Process(5, 5, "sh", args: ["-c", "true"]).FileFd(5, 3, "/x", 0x41)
            .IPv4SocketFd(5, 4, "1.2.3.4", 5, "6.7.8.9", 10, L4Proto.Udp);
        for (int i = 0; i < 10; i++) cap.OpenPair(5, T0 + (ulong)i * 10, 5 + i, "/f" + i);
        cap.Event(EventTable.Codes.CloseX, 5, T0 + 1000).Errno(0).AddAsV1();
        byte[] original = cap.ToBytes();

        var copy = new MemoryStream();
        using (var reader = new ScapFileReader(new MemoryStream(original)))
        using (var writer = new ScapFileWriter(copy, reader.Metadata, compress: true, leaveOpen: true))
        {
            var record = new EventRecord();
            while (reader.TryReadNext(record)) writer.WriteEvent(record);
        }
        var a = ReadAll(original);
        var b = ReadAll(copy.ToArray());
        Assert.Null(b.Error);
        Assert.Equal(a.Events.Count, b.Events.Count);
        for (int i = 0; i < a.Events.Count; i++)
        {
            Assert.Equal(a.Events[i].Record, b.Events[i].Record);
            Assert.Equal((a.Events[i].Cpu, a.Events[i].DumpFlags), (b.Events[i].Cpu, b.Events[i].DumpFlags));
        }
        AssertSameMetadata(a.Metadata!, b.Metadata!);
    }

    [Fact]
    public void Flush_leaves_a_readable_file_of_whole_blocks()
    {
        foreach (bool compress in new[] { false, true })
        {
            string dir = TempDir();
            try
            {
                string path = Path.Combine(dir, "out.scap");
                var cap = new SyntheticCapture().Process(5, 5, "sh");
                var writer = new ScapFileWriter(path, cap.Metadata, compress);
                var record = new EventRecord();
                for (int i = 0; i < 1000; i++)
                {
                    var rec = cap.Event(EventTable.Codes.CloseX, 5, T0 + (ulong)i).Errno(-i).BuildRecord();
                    record.Load(rec, 0, rec.Length, 0, 0);
                    writer.WriteEvent(record);
                }
                writer.Flush();
                // The process "dies" here: read what reached the file while the writer is still open.
                var result = ReadAll(File.ReadAllBytes(path));
                Assert.Null(result.Error);
                Assert.Equal(1000, result.Events.Count);
                writer.Dispose();
                Assert.Equal(1000, ReadAll(path).Events.Count);
            }
            finally { Directory.Delete(dir, true); }
        }
    }

    [Fact]
    public void Files_are_created_with_mode_0600()
    {
        string dir = TempDir();
        try
        {
            string path = Path.Combine(dir, "out.scap");
            using (var writer = new ScapFileWriter(path, new CaptureMetadata(), compress: false)) { }
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally { Directory.Delete(dir, true); }
    }

    internal static void AssertSameMetadata(CaptureMetadata a, CaptureMetadata b)
    {
        Assert.Equal(a.Machine, b.Machine);
        Assert.Equal(a.Users, b.Users);
        Assert.Equal(a.Groups, b.Groups);
        Assert.Equal(a.Interfaces.Count, b.Interfaces.Count);
        for (int i = 0; i < a.Interfaces.Count; i++)
        {
            Assert.Equal(a.Interfaces[i].Name, b.Interfaces[i].Name);
            Assert.Equal(a.Interfaces[i].Address, b.Interfaces[i].Address);
            Assert.Equal(a.Interfaces[i].Netmask, b.Interfaces[i].Netmask);
            Assert.Equal(a.Interfaces[i].LinkSpeed, b.Interfaces[i].LinkSpeed);
        }
        Assert.Equal(a.Processes.Count, b.Processes.Count);
        for (int i = 0; i < a.Processes.Count; i++)
        {
            var (p, q) = (a.Processes[i], b.Processes[i]);
            Assert.Equal((p.Tid, p.Pid, p.Ptid, p.Sid, p.Vpgid, p.Comm, p.Exe, p.ExePath, p.Cwd, p.FdLimit, p.Flags, p.Uid, p.Gid),
                (q.Tid, q.Pid, q.Ptid, q.Sid, q.Vpgid, q.Comm, q.Exe, q.ExePath, q.Cwd, q.FdLimit, q.Flags, q.Uid, q.Gid));
            Assert.Equal((p.VmSizeKb, p.VmRssKb, p.VmSwapKb, p.PageFaultsMajor, p.PageFaultsMinor, p.Vtid, p.Vpid, p.Root, p.LoginUid, p.ExeWritable),
                (q.VmSizeKb, q.VmRssKb, q.VmSwapKb, q.PageFaultsMajor, q.PageFaultsMinor, q.Vtid, q.Vpid, q.Root, q.LoginUid, q.ExeWritable));
            Assert.Equal(p.Args, q.Args);
            Assert.Equal(p.Env, q.Env);
            Assert.Equal(p.Cgroups, q.Cgroups);
        }
        Assert.Equal(a.FdLists.Count, b.FdLists.Count);
        for (int i = 0; i < a.FdLists.Count; i++)
        {
            Assert.Equal(a.FdLists[i].Tid, b.FdLists[i].Tid);
            Assert.Equal(a.FdLists[i].Fds.Count, b.FdLists[i].Fds.Count);
            for (int j = 0; j < a.FdLists[i].Fds.Count; j++)
            {
                var (x, y) = (a.FdLists[i].Fds[j], b.FdLists[i].Fds[j]);
                Assert.Equal((x.Fd, x.Ino, x.Type, x.Name, x.OpenFlags, x.Dev, x.SourcePort, x.DestPort, x.L4Proto, x.UnixSource, x.UnixDest),
                    (y.Fd, y.Ino, y.Type, y.Name, y.OpenFlags, y.Dev, y.SourcePort, y.DestPort, y.L4Proto, y.UnixSource, y.UnixDest));
                Assert.Equal(x.SourceIp, y.SourceIp);
                Assert.Equal(x.DestIp, y.DestIp);
            }
        }
    }
}
