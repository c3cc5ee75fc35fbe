using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Capture.Dump;

/// <summary>
/// `sharpdig -r in -w out FILTER` checked with the real sysdig 0.29.3 on both sides: with -F the
/// written file prints what the filter prints on the original; in every mode, for the captures
/// that sysdig itself writes correctly (format 1.2 inputs), our file is byte for byte sysdig's.
/// </summary>
public class FilteredWriteTests
{
    private static readonly string[] s_filters =
        ["evt.type=read", "fd.name contains /etc", "evt.dir=<", "proc.name=curl", "not evt.type in (read,write,mmap)"];

    public static TheoryData<string> ReadableCorpus() => new()
    {
        "curl_google.scap", "falco_cat_write.scap", "falco_empty.scap", "falco_ping_sendto.scap",
        "falco_syscall.scap", "psp_write_tmp_test.scap", "single_ipv6_conn.scap",
    };

    /// <summary>Inputs in the current format, for which sysdig's own -w output is correct.</summary>
    public static TheoryData<string> CurrentFormatCorpus() => new()
    {
        "falco_empty.scap", "falco_ping_sendto.scap", "single_ipv6_conn.scap",
    };

    [SkippableTheory]
    [MemberData(nameof(ReadableCorpus))]
    public void Unfiltered_copy_prints_exactly_the_original(string name)
    {
        string input = Path.Combine(TestPaths.RequireShared("corpus"), name);
        SysdigOracle.Require();
        string dir = ScapTestSupport.TempDir();
        try
        {
            string output = Path.Combine(dir, "out.scap");
            Assert.Equal(0, ToolRunner.RunSharpdig("-r", input, "-w", output).Rc);
            // Event numbers included: container events read while opening are kept too.
            Assert.Equal(SysdigOracle.Run("-r", input).Stdout, SysdigOracle.Run("-r", output).Stdout);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        }
        finally { Directory.Delete(dir, true); }
    }

    [SkippableTheory]
    [MemberData(nameof(ReadableCorpus))]
    public void Fatfile_output_prints_what_the_filter_prints(string name)
    {
        string input = Path.Combine(TestPaths.RequireShared("corpus"), name);
        SysdigOracle.Require();
        string dir = ScapTestSupport.TempDir();
        try
        {
            string output = Path.Combine(dir, "out.scap");
            foreach (var filter in s_filters)
            {
                Assert.Equal(0, ToolRunner.RunSharpdig("-r", input, "-w", output, "-F", filter).Rc);
                Assert.Equal(DumpTestSupport.SysdigLines(input, filter), DumpTestSupport.SysdigLines(output));
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [SkippableTheory]
    [MemberData(nameof(ReadableCorpus))]
    public void Without_fatfile_the_state_only_events_are_the_only_difference(string name)
    {
        // sysdig drops filtered-out events unless -F keeps the state-changing ones as state-only:
        // so the plain file holds exactly the -F file's events minus its state-only ones.
        string input = Path.Combine(TestPaths.RequireShared("corpus"), name);
        string dir = ScapTestSupport.TempDir();
        try
        {
            string plain = Path.Combine(dir, "plain.scap"), fat = Path.Combine(dir, "fat.scap");
            foreach (var filter in s_filters)
            {
                Assert.Equal(0, ToolRunner.RunSharpdig("-r", input, "-w", plain, filter).Rc);
                Assert.Equal(0, ToolRunner.RunSharpdig("-r", input, "-w", fat, "-F", filter).Rc);
                var fatEvents = Events(fat);
                Assert.Equal(fatEvents.Where(e => e.Flags == 0).Select(e => e.Raw), Events(plain).Select(e => e.Raw));
                Assert.All(fatEvents.Where(e => e.Flags != 0), e => Assert.Equal(1u, e.Flags));
                if (filter == "evt.type=read" && name == "curl_google.scap")
                    Assert.Contains(fatEvents, e => e.Flags == 1);   // the opens and closes the filter dropped
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [SkippableTheory]
    [MemberData(nameof(CurrentFormatCorpus))]
    public void Every_write_mode_matches_sysdigs_file_byte_for_byte(string name)
    {
        string input = Path.Combine(TestPaths.RequireShared("corpus"), name);
        SysdigOracle.Require();
        string dir = ScapTestSupport.TempDir();
        try
        {
            string ours = Path.Combine(dir, "ours.scap"), theirs = Path.Combine(dir, "theirs.scap");
            List<string[]> modes = [[], ["-E"], ["-F", "evt.type=read"], ["evt.dir=<"], ["-E", "-F", "proc.name=sshd"]];
            foreach (var f in new[] { "proc.name=sshd", "fd.type=ipv6", "fd.name contains /dev", "proc.pid=1" })
                modes.Add(["--filter-proclist", f]);
            foreach (var mode in modes)
            {
                Assert.Equal(0, ToolRunner.RunSharpdig(["-r", input, "-w", ours, .. mode]).Rc);
                Assert.Equal(0, SysdigOracle.Run(["-r", input, "-w", theirs, .. mode]).ExitCode);
                Assert.True(File.ReadAllBytes(theirs).AsSpan().SequenceEqual(File.ReadAllBytes(ours)),
                    $"{name} {string.Join(' ', mode)}: our file differs from sysdig's");
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [SkippableFact]
    public void Filter_proclist_without_a_filter_is_refused_like_sysdig()
    {
        string input = Path.Combine(TestPaths.RequireShared("corpus"), "falco_empty.scap");
        string dir = ScapTestSupport.TempDir();
        try
        {
            var (_, stderr, rc) = DumpTestSupport.RunSharpdig(dir, "-r", input, "-w", "o.scap", "--filter-proclist");
            Assert.Equal(1, rc);
            Assert.Equal("you must specify a filter if you use --filter-proclist.\n", stderr);
        }
        finally { Directory.Delete(dir, true); }
    }

    private static List<(byte[] Raw, uint Flags)> Events(string path)
    {
        using var r = new ScapFileReader(path);
        var rec = new EventRecord();
        var list = new List<(byte[], uint)>();
        while (r.TryReadNext(rec)) list.Add((rec.RawRecord.ToArray(), rec.DumpFlags));
        return list;
    }
}

/// <summary>-w - writes the capture to standard output, as sysdig does.</summary>
public class StandardOutputWriteTests
{
    [SkippableFact]
    public void Dash_writes_the_capture_to_stdout()
    {
        string input = Path.Combine(TestPaths.RequireShared("corpus"), "falco_ping_sendto.scap");
        string dir = ScapTestSupport.TempDir();
        try
        {
            string file = Path.Combine(dir, "out.scap");
            Assert.Equal(0, ToolRunner.RunSharpdig("-r", input, "-w", file, "proc.name=sshd").Rc);
            var stdout = new MemoryStream();
            Assert.Equal(0, Sharpdig.Cli.Program.Run(["-r", input, "-w", "-", "proc.name=sshd"], stdout));
            Assert.Equal(File.ReadAllBytes(file), stdout.ToArray());
            Assert.False(File.Exists("-"));
        }
        finally { Directory.Delete(dir, true); }
    }
}
