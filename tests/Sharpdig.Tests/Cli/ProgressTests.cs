using Sharpdig.Capture.Scap;
using Sharpdig.Tests.Capture;
using Sharpdig.Tests.Capture.Dump;
using Xunit;

namespace Sharpdig.Tests.Cli;

/// <summary>-P, and -w while reading a file: sysdig's progress figures on stderr.</summary>
public class ProgressTests
{
    [SkippableTheory]
    [InlineData("curl_google.scap", "-P", "-q")]
    [InlineData("falco_syscall.scap", "-P", "-q", "evt.type=open")]
    [InlineData("single_ipv6_conn.scap", "-P", "-q", "evt.type=read")]
    [InlineData("falco_cat_write.scap", "-q", "-w", "/dev/null")]
    public void Stderr_is_sysdigs(string capture, params string[] args)
    {
        Skip.IfNot(File.Exists(SysdigOracle.Path), "the real sysdig is not installed");
        string path = Path.Combine(TestPaths.RequireShared("corpus"), capture);
        var (_, expected, erc) = DumpTestSupport.RunSysdig(Path.GetTempPath(), ["-r", path, .. args]);
        var (_, actual, rc) = DumpTestSupport.RunSharpdig(Path.GetTempPath(), ["-r", path, .. args]);
        Assert.Equal(erc, rc);
        Assert.Equal(expected, actual);
    }

    [SkippableTheory]
    [InlineData("-n", "700")]
    [InlineData("-n", "1000", "evt.type=read")]
    [InlineData()]
    public void Plain_files_show_sysdigs_figures_midway(params string[] args)
    {
        Skip.IfNot(File.Exists(SysdigOracle.Path), "the real sysdig is not installed");
        string dir = Directory.CreateTempSubdirectory("sharpdig-progress").FullName;
        try
        {
            // An uncompressed copy of a corpus capture, written by us (-w without -z).
            string raw = Path.Combine(dir, "raw.scap");
            var (_, _, wrc) = DumpTestSupport.RunSharpdig(dir, "-r", Path.Combine(TestPaths.RequireShared("corpus"), "curl_google.scap"), "-w", raw);
            Assert.Equal(0, wrc);
            var (_, expected, _) = DumpTestSupport.RunSysdig(dir, ["-r", raw, "-P", "-q", .. args]);
            var (_, actual, _) = DumpTestSupport.RunSharpdig(dir, ["-r", raw, "-P", "-q", .. args]);
            Assert.Equal(expected, actual);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Plain_file_position_follows_zlibs_copy_mode_buffering()
    {
        var p = new ZlibCopyModePosition(100_000);
        p.Read(8);
        Assert.Equal(8192, p.Position);             // the first look takes 8 KiB
        p.Read(8184);
        Assert.Equal(8192, p.Position);             // served from it
        p.Read(1);
        Assert.Equal(8192 + 16384, p.Position);     // small reads refill 16 KiB at a time
        p.Read(16383);
        Assert.Equal(8192 + 16384, p.Position);
        p.Read(20000);
        Assert.Equal(8192 + 16384 + 20000, p.Position);   // big reads on an empty buffer go straight to the file
        p.Read(1_000_000);
        Assert.Equal(100_000, p.Position);          // never past the end
        p.SeekTo(50_000);
        p.Read(8);
        Assert.Equal(50_000 + 16384, p.Position);   // a seek empties the buffer
    }
}
