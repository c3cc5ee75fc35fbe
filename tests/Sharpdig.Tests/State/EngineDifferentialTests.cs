using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.State;

/// <summary>
/// The state engine against the real sysdig 0.29.3: a synthetic capture full of state changes is
/// printed by both, line by line. Skips when sysdig is not installed (fails under CI).
/// </summary>
[Collection("real sysdig")]
public class EngineDifferentialTests
{
    private static string RequireSysdig()
    {
        if (File.Exists(ToolRunner.SysdigPath)) return ToolRunner.SysdigPath;
        if (TestPaths.IsCi) Assert.Fail("sysdig 0.29.3 is required under CI");
        Skip.If(true, "sysdig not installed");
        return "";
    }

    [SkippableTheory]
    [InlineData(1, "-ta")]
    [InlineData(1, "-ta", "-D")]
    [InlineData(1, "-ta", "-x")]
    [InlineData(1, "-ta", "-X")]
    [InlineData(1, "-ta", "-A")]
    [InlineData(1, "-ta", "-b")]
    [InlineData(1, "-ta", "-v")]
    [InlineData(1, "-td")]
    [InlineData(1, "-tr")]
    [InlineData(1, "-S")]
    [InlineData(1, "-ta", "evt.type=fcntl and evt.rawres=0")]   // a saved F_DUPFD enter outlives its filtered-out exit
    [InlineData(1, "-ta", "fd.num=0")]
    [InlineData(1, "-p", "*%evt.num %fd.dev %fd.dev.major %fd.dev.minor", "fd.type=file")]   // sysdig shows stale memory as other fds' dev
    [InlineData(1, "-p", "*%evt.num %evt.io_dir %evt.category %evt.res %evt.rawres %evt.failed")]
    [InlineData(1, "-p", "*%evt.num %fdlist.nums %fdlist.names %fdlist.cips %fdlist.sips %fdlist.cports %fdlist.sports", "evt.type=poll")]
    [InlineData(1, "-p", "*%evt.num %proc.pid %proc.env|")]
    [InlineData(2, "-p", "*%evt.num %thread.tid %thread.exectime %thread.totexectime", "evt.type=switch")]   // switches of unknown threads count too
    [InlineData(5, "-p", "*%evt.num %evt.io_dir %evt.category %evt.res %evt.rawres %evt.failed")]   // (2 has syscall ids past sysdig's table)
    [InlineData(1, "-p", "%evt.num %fd.name|%fd.containername|%fd.typechar")]
    [InlineData(1, "-tD")]
    [InlineData(2, "-ta")]
    [InlineData(2, "-ta", "-D")]
    [InlineData(2, "-td")]
    [InlineData(2, "-tr")]
    [InlineData(3, "-ta")]
    [InlineData(3, "-ta", "-D")]
    [InlineData(3, "-td")]
    // Random streams (RandomScenario), seeded by the number.
    [InlineData(4, "-ta")]
    [InlineData(5, "-ta")]
    [InlineData(6, "-ta")]
    [InlineData(7, "-td")]
    [InlineData(8, "-ta")]
    [InlineData(9, "-ta")]
    [InlineData(10, "-ta")]
    [InlineData(11, "-tr")]
    [InlineData(5, "-S")]     // many equal counts: their order is libstdc++'s sort's
    [InlineData(9, "-S", "evt.dir=<")]
    [InlineData(SyntheticCaptures.GenericStormScenario, "-S")]   // more than the 100 rows -S prints
    public void SyntheticCapturePrintsLikeSysdig(int scenario, params string[] opts)
    {
        RequireSysdig();
        string path = Path.Combine(Path.GetTempPath(), $"sharpdig-synth{scenario}-{Environment.ProcessId}-{string.Join("", opts)}.scap");
        try
        {
            SyntheticCaptures.Write(path, scenario);
            string expected = ToolRunner.RunSysdig(["-r", path, .. opts]);
            var (rc, actual) = ToolRunner.RunSharpdig(["-r", path, .. opts]);
            Assert.Equal(0, rc);
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            for (int i = 0; i < Math.Min(e.Length, a.Length); i++) Assert.Equal(e[i], a[i]);
            Assert.Equal(e.Length, a.Length);
        }
        finally { File.Delete(path); }
    }
}
