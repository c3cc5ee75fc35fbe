using System.Diagnostics;
using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Xunit;

namespace Sharpdig.Tests.Capture.Dump;

/// <summary>
/// A file being written survives the ways a capture ends early: SIGINT/SIGTERM (even while the
/// input blocks), a full disk, a device that takes nothing.
/// </summary>
public class WriteSafetyTests
{
    [SkippableTheory]
    [InlineData("TERM", false)]
    [InlineData("INT", false)]
    [InlineData("TERM", true)]
    public void A_stop_signal_leaves_a_whole_readable_file(string signal, bool gzip)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "needs mkfifo and kill");
        string source = Path.Combine(TestPaths.RequireShared("corpus"), "single_ipv6_conn.scap");
        string dir = ScapTestSupport.TempDir();
        try
        {
            // The input is a pipe that delivers part of a capture and then stays open: the tool
            // blocks waiting for more, as a live capture would, until the signal comes.
            string plain = Path.Combine(dir, "in.scap"), fifo = Path.Combine(dir, "in.fifo"), output = Path.Combine(dir, "out.scap");
            using (var reader = new ScapFileReader(source))
            using (var writer = new ScapFileWriter(plain, reader.Metadata, compress: false))
            {
                var rec = new EventRecord();
                while (reader.TryReadNext(rec)) writer.WriteEvent(rec);
            }
            byte[] part = File.ReadAllBytes(plain)[..150_000];   // ends inside an event block
            Assert.Equal(0, Process.Start("mkfifo", [fifo])!.WaitForExitAsync().Wait(10_000) ? 0 : 1);
            var feeder = new Thread(() =>
            {
                using var f = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                f.Write(part);
                f.Flush();
                Thread.Sleep(20_000);
            }) { IsBackground = true };
            feeder.Start();

            string[] args = gzip ? ["-r", fifo, "-w", output, "-z"] : ["-r", fifo, "-w", output];
            using var tool = DumpTestSupport.Start("dotnet", [typeof(Sharpdig.Cli.Program).Assembly.Location, .. args], dir);
            var sw = Stopwatch.StartNew();
            while (!File.Exists(output) && sw.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(50);
            Thread.Sleep(1000);   // let it read everything the pipe has
            Assert.False(tool.HasExited, "the tool should be waiting for more input");
            Process.Start("kill", ["-s", signal, tool.Id.ToString()])!.WaitForExit();
            Assert.True(tool.WaitForExit(10_000), "the tool did not stop after the signal");
            Assert.Equal(0, tool.ExitCode);

            long events = DumpTestSupport.CountEvents(output);   // throws if the file is damaged
            Assert.True(events > 10, $"only {events} events saved");
            if (File.Exists(SysdigOracle.Path))
            {
                var (_, stderr, rc) = SysdigOracle.Run("-r", output);
                Assert.Equal(0, rc);
                Assert.Equal("", stderr);
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [SkippableFact]
    public void A_full_disk_keeps_every_whole_block_that_fits()
    {
        string source = Path.Combine(TestPaths.RequireShared("corpus"), "curl_google.scap");
        using var reader = new ScapFileReader(source);
        var disk = new SmallDisk(60_000);
        var writer = new ScapFileWriter(disk, reader.Metadata, compress: false, leaveOpen: true, name: "disk.scap");
        var rec = new EventRecord();
        var e = Assert.Throws<CaptureWriteException>(() =>
        {
            while (reader.TryReadNext(rec)) writer.WriteEvent(rec);
            writer.Flush();
        });
        writer.Dispose();
        Assert.Equal("error writing disk.scap: No space left on device", e.Message);
        Assert.True(disk.Length is > 50_000 and <= 60_000, $"kept {disk.Length} bytes");

        // What is left is a clean, shorter capture: every event up to the cut, then a normal end.
        disk.Position = 0;
        string copy = Path.Combine(ScapTestSupport.TempDir(), "prefix.scap");
        try
        {
            File.WriteAllBytes(copy, disk.ToArray());
            Assert.True(DumpTestSupport.CountEvents(copy) > 0);
        }
        finally { Directory.Delete(Path.GetDirectoryName(copy)!, true); }
    }

    [SkippableFact]
    public void Writing_to_a_device_with_no_room_is_one_clear_error()
    {
        Skip.IfNot(File.Exists("/dev/full"), "no /dev/full");
        string source = Path.Combine(TestPaths.RequireShared("corpus"), "curl_google.scap");
        string dir = ScapTestSupport.TempDir();
        try
        {
            var (stdout, stderr, rc) = DumpTestSupport.RunSharpdig(dir, "-r", source, "-w", "/dev/full");
            Assert.Equal(1, rc);
            Assert.Equal("error writing /dev/full: No space left on device\n", stderr);
            Assert.Equal("", stdout);
        }
        finally { Directory.Delete(dir, true); }
    }

    [SkippableFact]
    public void A_file_that_cannot_be_created_is_one_clear_error()
    {
        string source = Path.Combine(TestPaths.RequireShared("corpus"), "falco_empty.scap");
        string dir = ScapTestSupport.TempDir();
        try
        {
            var (_, stderr, rc) = DumpTestSupport.RunSharpdig(dir, "-r", source, "-w", "/nonexistent-dir/x.scap");
            Assert.Equal(1, rc);
            Assert.StartsWith("can't open file /nonexistent-dir/x.scap for writing: ", stderr);
            Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>A stream that takes at most <paramref name="capacity"/> bytes, writing what fits first, like a filling disk.</summary>
    private sealed class SmallDisk(int capacity) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            int room = (int)Math.Max(0, capacity - Position);
            base.Write(buffer, offset, Math.Min(room, count));
            if (count > room) throw new IOException("No space left on device");
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int room = (int)Math.Max(0, capacity - Position);
            base.Write(buffer[..Math.Min(room, buffer.Length)]);
            if (buffer.Length > room) throw new IOException("No space left on device");
        }
    }
}
